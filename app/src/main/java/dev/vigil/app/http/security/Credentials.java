package dev.vigil.app.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks an {@code Authorization} header against the configured credentials: basic auth users
 * with bcrypt hashes (the web configuration file's {@code basic_auth_users}) and a bearer token
 * ({@code http.bearer_token_file}).
 *
 * <p>bcrypt is slow on purpose (tens of milliseconds at cost 10), and Prometheus presents the same
 * password every scrape, so a verified password is remembered per user as its SHA-256 and later
 * requests compare against that (constant-time) instead of running bcrypt again. Only successes are
 * remembered, one per user, so the memory is bounded by the number of users; a wrong password
 * always costs a bcrypt, which is what slows down guessing.
 */
public final class Credentials {
    private final Map<String, String> bcryptHashes;
    private final byte[] bearerToken;
    /** user → SHA-256 of the last password bcrypt accepted for that user. */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    /**
     * @param bcryptHashes user → bcrypt hash; may be empty
     * @param bearerToken  the accepted token, or null
     */
    public Credentials(Map<String, String> bcryptHashes, String bearerToken) {
        this.bcryptHashes = Map.copyOf(bcryptHashes);
        this.bearerToken = bearerToken == null ? null : bearerToken.getBytes(StandardCharsets.UTF_8);
    }

    /** @return whether any credential is configured (if not, every request is let through) */
    public boolean required() {
        return !bcryptHashes.isEmpty() || bearerToken != null;
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @return whether it carries a configured credential
     */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        int space = authorization.indexOf(' ');
        if (space <= 0) {
            return false;
        }
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return bearerToken != null
                    && MessageDigest.isEqual(bearerToken, value.getBytes(StandardCharsets.UTF_8));
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        return false;
    }

    private boolean basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String hash = bcryptHashes.get(user);
        if (hash == null) {
            return false;
        }
        byte[] digest = sha256(password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        boolean ok;
        try {
            ok = OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            ok = false; // a hash the parser let through but bcrypt cannot use
        }
        if (ok) {
            verified.put(user, digest);
        }
        return ok;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
