package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts.alertmanager} and {@code alerts.external_url}: typed, defaulted, every problem named by its key. */
class AlertmanagerConfigValidationTest {
    @TempDir
    Path dir;

    private static List<String> errors(String yaml, Map<String, String> env) {
        try {
            ConfigLoader.fromYaml(yaml, env);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void offByDefault() {
        VigilConfig.Alerts alerts = ConfigLoader.defaults().alerts();
        assertThat(alerts.alertmanager().enabled()).isFalse();
        assertThat(alerts.alertmanager().resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(alerts.alertmanager().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(alerts.alertmanager().basicAuth()).isNull();
        assertThat(alerts.externalUrl()).isNull();
    }

    @Test
    void aFullSectionLoadsAndRendersBackToItself() throws IOException {
        Path password = Files.writeString(dir.resolve("password"), "secret");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        VigilConfig c = ConfigLoader.fromYaml("""
                alerts:
                  alertmanager:
                    urls: [http://am-1:9093, "https://am-2:9093/prefix"]
                    resend_interval: 30s
                    timeout: 2s
                    basic_auth: {username: vigil, password_file: "%s"}
                    tls: {ca_file: "%s"}
                  external_url: https://vigil.example.com
                """.formatted(password, ca), Map.of());

        VigilConfig.Alertmanager am = c.alerts().alertmanager();
        assertThat(am.urls()).containsExactly("http://am-1:9093", "https://am-2:9093/prefix");
        assertThat(am.resendInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(am.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(am.basicAuth()).isEqualTo(new VigilConfig.BasicAuth("vigil", password.toString()));
        assertThat(am.tls().caFile()).isEqualTo(ca.toString());
        assertThat(c.alerts().externalUrl()).isEqualTo("https://vigil.example.com");
        assertThat(ConfigLoader.fromYaml(c.toYaml(), Map.of())).isEqualTo(c);
    }

    @Test
    void urlsComeFromTheEnvironmentCommaSeparated() {
        VigilConfig c = ConfigLoader.fromYaml("", Map.of(
                "VIGIL_ALERTS_ALERTMANAGER_URLS", "http://a:9093, http://b:9093",
                "VIGIL_ALERTS_ALERTMANAGER_RESEND_INTERVAL", "5s",
                "VIGIL_ALERTS_EXTERNAL_URL", "http://vigil:9090"));
        assertThat(c.alerts().alertmanager().urls()).containsExactly("http://a:9093", "http://b:9093");
        assertThat(c.alerts().alertmanager().resendInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.alerts().externalUrl()).isEqualTo("http://vigil:9090");
    }

    @Test
    void nestedKeysComeFromTheEnvironmentToo() throws IOException {
        Path password = Files.writeString(dir.resolve("pw"), "secret\n");
        VigilConfig c = ConfigLoader.fromYaml("", Map.of(
                "VIGIL_ALERTS_ALERTMANAGER_BASIC_AUTH_USERNAME", "vigil",
                "VIGIL_ALERTS_ALERTMANAGER_BASIC_AUTH_PASSWORD_FILE", password.toString(),
                "VIGIL_ALERTS_ALERTMANAGER_TLS_CA_FILE", password.toString()));
        assertThat(c.alerts().alertmanager().basicAuth())
                .isEqualTo(new VigilConfig.BasicAuth("vigil", password.toString()));
        assertThat(c.alerts().alertmanager().tls().caFile()).isEqualTo(password.toString());
    }

    @Test
    void everyProblemNamesItsKey() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "t");
        assertThat(errors("""
                alerts:
                  alertmanager:
                    urls: [alertmanager:9093, "ftp://x"]
                    resend_interval: 0s
                    timeout: 10
                    basic_auth: {username: vigil, password_file: "%s"}
                    bearer_token_file: "%s"
                    tls: {ca_file: /no/such/ca.pem}
                  external_url: vigil:9090
                """.formatted(token, token), Map.of())).containsExactlyInAnyOrder(
                "line 3: alerts.alertmanager.urls[0]: 'alertmanager:9093' is not an http(s) URL (e.g. http://alertmanager:9093)",
                "line 3: alerts.alertmanager.urls[1]: 'ftp://x' is not an http(s) URL (e.g. http://alertmanager:9093)",
                "line 4: alerts.alertmanager.resend_interval: must be > 0",
                "line 5: alerts.alertmanager.timeout: '10' is not a duration (e.g. 30s, 5m, 1h): a bare number is ambiguous, add a unit",
                "line 7: alerts.alertmanager.bearer_token_file: set either alerts.alertmanager.basic_auth or bearer_token_file, not both",
                "line 8: alerts.alertmanager.tls.ca_file: '/no/such/ca.pem' is not a readable file",
                "line 9: alerts.external_url: 'vigil:9090' is not an http(s) URL (e.g. http://host:port/path)");
    }

    @Test
    void basicAuthNeedsBothHalvesAndAReadablePasswordFile() {
        assertThat(errors("alerts: {alertmanager: {basic_auth: {username: vigil}}}\n", Map.of())).containsExactly(
                "line 1: alerts.alertmanager.basic_auth.password_file: required when "
                        + "alerts.alertmanager.basic_auth.username is set");
        assertThat(errors("alerts: {alertmanager: {basic_auth: {username: v, password_file: /no/pw}}}\n", Map.of()))
                .containsExactly("line 1: alerts.alertmanager.basic_auth.password_file: '/no/pw' is not a readable file");
    }

    @Test
    void aMisspeltKeyGetsASuggestion() {
        assertThat(errors("alerts: {alertmanager: {resend_intervall: 1m}}\n", Map.of())).containsExactly(
                "line 1: unknown key 'alerts.alertmanager.resend_intervall' "
                        + "(did you mean 'alerts.alertmanager.resend_interval'?)");
        assertThat(errors("", Map.of("VIGIL_ALERTS_ALERTMANAGER_URLS", "nope"))).containsExactly(
                "VIGIL_ALERTS_ALERTMANAGER_URLS: alerts.alertmanager.urls[0]: 'nope' is not an http(s) URL "
                        + "(e.g. http://alertmanager:9093)");
    }
}
