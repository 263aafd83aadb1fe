package dev.vigil.app.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/** Basic auth against bcrypt hashes, a bearer token, and the cache that spares a bcrypt per scrape. */
class CredentialsTest {
    static String bcrypt(String password, int cost) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rightBasicOrBearerCredentialsAreAcceptedAndEverythingElseRefused() {
        Credentials credentials = new Credentials(Map.of("prometheus", bcrypt("scrape-me", 4),
                "ops", bcrypt("pa:ss wörd", 4)), "the-token");

        assertThat(credentials.required()).isTrue();
        assertThat(credentials.accepts(basic("prometheus", "scrape-me"))).isTrue();
        assertThat(credentials.accepts(basic("ops", "pa:ss wörd"))).as("colons after the first belong to the password")
                .isTrue();
        assertThat(credentials.accepts("Bearer the-token")).isTrue();
        assertThat(credentials.accepts("bearer the-token")).as("the scheme is case-insensitive").isTrue();

        assertThat(credentials.accepts(null)).isFalse();
        assertThat(credentials.accepts("")).isFalse();
        assertThat(credentials.accepts(basic("prometheus", "wrong"))).isFalse();
        assertThat(credentials.accepts(basic("nobody", "scrape-me"))).isFalse();
        assertThat(credentials.accepts(basic("ops", "scrape-me"))).as("another user's password").isFalse();
        assertThat(credentials.accepts("Bearer the-token2")).isFalse();
        assertThat(credentials.accepts("Bearer")).isFalse();
        assertThat(credentials.accepts("Basic !!!not-base64")).isFalse();
        assertThat(credentials.accepts("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes()))).isFalse();
        assertThat(credentials.accepts("Digest the-token")).isFalse();
    }

    @Test
    void withoutATokenNoBearerIsAcceptedAndWithoutAnythingNothingIsRequired() {
        Credentials usersOnly = new Credentials(Map.of("u", bcrypt("p", 4)), null);
        assertThat(usersOnly.accepts("Bearer null")).isFalse();
        assertThat(usersOnly.accepts("Bearer ")).isFalse();

        Credentials none = new Credentials(Map.of(), null);
        assertThat(none.required()).isFalse();
        assertThat(none.accepts(basic("u", "p"))).isFalse();
    }

    @Test
    void aVerifiedPasswordIsNotRunThroughBcryptAgain() {
        // Cost 12 takes a quarter of a second per check on these machines: ten checks without the cache
        // would take seconds; with it, one bcrypt and then SHA-256 comparisons (microseconds).
        Credentials credentials = new Credentials(Map.of("prometheus", bcrypt("scrape-me", 12)), null);
        long first = System.nanoTime();
        assertThat(credentials.accepts(basic("prometheus", "scrape-me"))).isTrue();
        long oneBcrypt = System.nanoTime() - first;

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(credentials.accepts(basic("prometheus", "scrape-me"))).isTrue();
        }
        long tenCached = System.nanoTime() - start;
        assertThat(tenCached).as("ten cached checks (ns) against one bcrypt (%d ns)", oneBcrypt)
                .isLessThan(oneBcrypt);
        // A wrong password is never answered from the cache.
        assertThat(credentials.accepts(basic("prometheus", "scrape-me!"))).isFalse();
        assertThat(credentials.accepts(basic("prometheus", "scrape-me"))).isTrue();
    }
}
