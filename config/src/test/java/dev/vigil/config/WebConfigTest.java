package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.*} and the exporter-toolkit web configuration file it may name: what is read, what is refused. */
class WebConfigTest {
    /** A well-formed bcrypt hash (cost 10); the parser checks the form, the server verifies passwords. */
    static final String HASH = "$2y$10$TVSzC0Om2KGy5dDXr3lW0eUJJLsI/NI7VhbDkYbp5kzRdPQtZk5Pu";

    @TempDir
    Path dir;

    @BeforeEach
    void pemFiles() throws IOException {
        // The parser checks only that the files are readable; their PEM is read when the server starts.
        Files.writeString(dir.resolve("server.pem"), "cert");
        Files.writeString(dir.resolve("server-key.pem"), "key");
        Files.writeString(dir.resolve("ca.pem"), "ca");
    }

    @Test
    void aFullFileIsReadWithPathsRelativeToItsDirectory() throws IOException {
        Path file = write("""
                tls_server_config:
                  cert_file: server.pem
                  key_file: server-key.pem
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.pem
                  min_version: TLS13
                basic_auth_users:
                  prometheus: %s
                  alice: $2a$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234
                """.formatted(HASH));

        WebConfig web = WebConfig.load(file);

        assertThat(web.tls().certFile()).isEqualTo(dir.resolve("server.pem"));
        assertThat(web.tls().keyFile()).isEqualTo(dir.resolve("server-key.pem"));
        assertThat(web.tls().clientCaFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(web.tls().clientAuth()).isEqualTo(WebConfig.ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT);
        assertThat(web.tls().minVersion()).isEqualTo("TLSv1.3");
        assertThat(web.basicAuthUsers()).containsOnlyKeys("prometheus", "alice").containsEntry("prometheus", HASH);
    }

    @Test
    void defaultsAreNoClientCertificateAndTls12AndAnEmptyFileConfiguresNothing() throws IOException {
        WebConfig web = WebConfig.load(write("tls_server_config: {cert_file: server.pem, key_file: server-key.pem}\n"));
        assertThat(web.tls().clientAuth()).isEqualTo(WebConfig.ClientAuth.NO_CLIENT_CERT);
        assertThat(web.tls().minVersion()).isEqualTo("TLSv1.2");
        assertThat(web.tls().maxVersion()).isNull();
        assertThat(web.basicAuthUsers()).isEmpty();

        WebConfig empty = WebConfig.load(write(""));
        assertThat(empty.tls()).isNull();
        assertThat(empty.basicAuthUsers()).isEmpty();
    }

    @Test
    void everyUnknownKeyIsNamed() throws IOException {
        Path file = write("""
                tls_server_config:
                  cert_file: server.pem
                  key_file: server-key.pem
                  cipher_suites: [TLS_AES_128_GCM_SHA256]
                http_server_config: {http2: true}
                basic_auth_user: {a: b}
                """);
        assertThatThrownBy(() -> WebConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tls_server_config.cipher_suites: unknown or unsupported key")
                .hasMessageContaining("http_server_config: unknown or unsupported key")
                .hasMessageContaining("basic_auth_user: unknown or unsupported key")
                .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(3));
    }

    @Test
    void aHashThatIsNotBcryptAndMissingOrUnreadableFilesAreRefused() throws IOException {
        Path file = write("""
                tls_server_config:
                  key_file: missing-key.pem
                  client_auth_type: RequireAndVerifyClientCert
                  min_version: TLS10
                basic_auth_users:
                  plain: secret
                  md5: $apr1$abc$0123456789012345678901
                  short: $2y$10$tooShort
                """);
        assertThatThrownBy(() -> WebConfig.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_server_config.cert_file: required")
                .hasMessageContaining("tls_server_config.key_file: '" + dir.resolve("missing-key.pem")
                        + "' is not a readable file")
                .hasMessageContaining("tls_server_config.client_ca_file: required when client_auth_type is "
                        + "RequireAndVerifyClientCert")
                .hasMessageContaining("tls_server_config.min_version: 'TLS10' is not one of TLS12, TLS13")
                .hasMessageContaining("basic_auth_users.plain: is not a bcrypt hash")
                .hasMessageContaining("basic_auth_users.md5: is not a bcrypt hash")
                .hasMessageContaining("basic_auth_users.short: is not a bcrypt hash");
        assertThatThrownBy(() -> WebConfig.load(dir.resolve("absent.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.yaml' is not a readable file");
        assertThatThrownBy(() -> WebConfig.load(write("tls_server_config: [a, b]\n")))
                .hasMessageContaining("tls_server_config: must be a mapping, not a list");
        assertThatThrownBy(() -> WebConfig.load(write("basic_auth_users: {a: [1\n")))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void theHttpSectionDefaultsToAllInterfacesWithTheProbesOpen() {
        VigilConfig.Http http = ConfigLoader.fromYaml("", Map.of()).http();
        assertThat(http.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(http.webConfigFile()).isNull();
        assertThat(http.bearerTokenFile()).isNull();
        assertThat(http.unauthenticatedPaths()).containsExactly("/healthz", "/readyz");
        assertThat(http.client()).isEqualTo(VigilConfig.HttpClientSettings.NONE);
    }

    @Test
    void theHttpSectionIsReadFromTheFileAndTheEnvironment() throws IOException {
        Path web = write("basic_auth_users: {vigil: '" + HASH + "'}\n");
        Path token = Files.writeString(dir.resolve("token"), "  s3cret-token\n");
        Path password = Files.writeString(dir.resolve("password"), "secret\n");
        VigilConfig config = ConfigLoader.fromYaml("""
                http:
                  bind_address: 127.0.0.1
                  web_config_file: %s
                  bearer_token_file: %s
                  client:
                    ca_file: %s
                    basic_auth: {username: vigil, password_file: %s}
                """.formatted(web, token, dir.resolve("ca.pem"), password),
                Map.of("VIGIL_HTTP_UNAUTHENTICATED_PATHS", "/healthz,/status/"));

        VigilConfig.Http http = config.http();
        assertThat(http.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(http.webConfigFile()).isEqualTo(web.toString());
        assertThat(http.bearerTokenFile()).isEqualTo(token.toString());
        assertThat(http.unauthenticatedPaths()).containsExactly("/healthz", "/status/");
        assertThat(http.client().caFile()).isEqualTo(dir.resolve("ca.pem").toString());
        assertThat(http.client().basicAuth()).isEqualTo(new VigilConfig.BasicAuth("vigil", password.toString()));
        assertThat(ConfigLoader.fromYaml(config.toYaml(), Map.of())).isEqualTo(config);
        for (String address : List.of("0.0.0.0", "::", "::1", "vigil-0.vigil.default.svc", "localhost", "10.0.0.7")) {
            assertThat(ConfigLoader.fromYaml("http: {bind_address: '" + address + "'}", Map.of()).http().bindAddress())
                    .isEqualTo(address);
        }
    }

    @Test
    void badHttpValuesAreEachReportedWithTheirKey() throws IOException {
        Path web = write("basic_auth_users: {vigil: not-a-hash}\n");
        Path emptyToken = Files.writeString(dir.resolve("empty-token"), " \n");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("""
                http:
                  bind_address: "999.1.1.1"
                  web_config_file: %s
                  bearer_token_file: %s
                  unauthenticated_paths: [healthz]
                  client:
                    basic_auth: {username: vigil}
                """.formatted(web, emptyToken), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.bind_address: '999.1.1.1' is not an IP address or host name")
                .hasMessageContaining("http.web_config_file: " + web + ": basic_auth_users.vigil: is not a bcrypt hash")
                .hasMessageContaining("http.bearer_token_file: '" + emptyToken + "' holds no token")
                .hasMessageContaining("http.unauthenticated_paths[0]: 'healthz' is not a path")
                .hasMessageContaining("http.client.basic_auth.password_file: required when "
                        + "http.client.basic_auth.username is set");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("http: {web_config_file: " + dir.resolve("nope.yaml") + "}",
                Map.of())).hasMessageContaining("http.web_config_file: '" + dir.resolve("nope.yaml")
                + "' is not a readable file");
        Path users = write("basic_auth_users: {prometheus: '" + HASH + "'}\n");
        Path password = Files.writeString(dir.resolve("pw"), "secret");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("""
                http:
                  web_config_file: %s
                  client: {basic_auth: {username: vigil, password_file: %s}}
                """.formatted(users, password), Map.of()))
                .hasMessageContaining("http.client.basic_auth.username: 'vigil' is not one of the basic_auth_users");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("http: {bind_adress: 127.0.0.1}", Map.of()))
                .hasMessageContaining("http.bind_adress");
    }

    private int files;

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("web-" + files++ + ".yml"), content);
    }
}
