package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.VigilConfig.LokiAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code observability.logging.loki_tenant_id}, {@code loki_basic_auth}, {@code loki_bearer_token_file}. */
class LokiAccessConfigTest {
    @TempDir
    Path dir;

    private static LokiAccess loki(String logging, Map<String, String> env) {
        return ConfigLoader.fromYaml("observability:\n  logging:\n" + logging.indent(4), env)
                .observability().logging().loki();
    }

    @Test
    void noneByDefault() {
        assertThat(ConfigLoader.defaults().observability().logging().loki()).isEqualTo(LokiAccess.NONE);
    }

    @Test
    void tenantAndBasicAuthFromTheFileOrTheEnvironment() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr3t\n");
        LokiAccess access = loki("loki_tenant_id: team-a\nloki_basic_auth: {username: vigil, password_file: '"
                + password + "'}", Map.of());
        assertThat(access).isEqualTo(new LokiAccess("team-a", new VigilConfig.BasicAuth("vigil", password.toString()),
                null));

        LokiAccess fromEnv = loki("", Map.of("VIGIL_OBSERVABILITY_LOGGING_LOKI_TENANT_ID", "team-b",
                "VIGIL_OBSERVABILITY_LOGGING_LOKI_BEARER_TOKEN_FILE", password.toString()));
        assertThat(fromEnv).isEqualTo(new LokiAccess("team-b", null, password.toString()));
    }

    @Test
    void badTenantsAndIncompleteOrDoubleCredentialsAreReported() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        assertThatThrownBy(() -> loki("loki_tenant_id: 'a|b'", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("observability.logging.loki_tenant_id: 'a|b' is not a Loki tenant ID");
        assertThatThrownBy(() -> loki("loki_basic_auth: {username: vigil}", Map.of()))
                .hasMessageContaining("observability.logging.loki_basic_auth.password_file: required when "
                        + "observability.logging.loki_basic_auth.username is set");
        assertThatThrownBy(() -> loki("loki_basic_auth: {username: u, password_file: '" + token
                + "'}\nloki_bearer_token_file: '" + token + "'", Map.of()))
                .hasMessageContaining("set either observability.logging.loki_basic_auth or loki_bearer_token_file");
        assertThatThrownBy(() -> loki("loki_bearer_token_file: " + dir.resolve("missing"), Map.of()))
                .hasMessageContaining("is not a readable file");
    }
}
