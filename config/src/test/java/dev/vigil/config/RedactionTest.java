package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void passwordsAndOtherSecretsAreSecretKeysWithOrWithoutAPrefix() {
        assertThat(Redaction.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(Redaction.isSecretKey("producer.sasl.jaas.config")).isTrue();
        assertThat(Redaction.isSecretKey("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config")).isTrue();
        assertThat(Redaction.isSecretKey("ssl.truststore.password")).isTrue();
        assertThat(Redaction.isSecretKey("ssl.keystore.password")).isTrue();
        assertThat(Redaction.isSecretKey("ssl.key.password")).isTrue();
        assertThat(Redaction.isSecretKey("ssl.keystore.key")).isTrue();
        assertThat(Redaction.isSecretKey("SSL.KEYSTORE.KEY")).isTrue();
        assertThat(Redaction.isSecretKey("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(Redaction.isSecretKey("basic.auth.user.info")).isTrue();
        assertThat(Redaction.isSecretKey("schema.registry.basic.auth.user.info")).isTrue();
        assertThat(Redaction.isSecretKey("bearer.auth.token")).isTrue();
        assertThat(Redaction.isSecretKey("config.providers.vault.param.token")).isTrue();
        assertThat(Redaction.isSecretKey("my_api_secret")).isTrue();
    }

    @Test
    void ordinaryKeysAreNotSecret() {
        assertThat(Redaction.isSecretKey("security.protocol")).isFalse();
        assertThat(Redaction.isSecretKey("sasl.mechanism")).isFalse();
        assertThat(Redaction.isSecretKey("ssl.truststore.location")).isFalse();
        assertThat(Redaction.isSecretKey("ssl.truststore.type")).isFalse();
        assertThat(Redaction.isSecretKey("ssl.keystore.location")).isFalse();
        assertThat(Redaction.isSecretKey("sasl.oauthbearer.token.endpoint.url")).isFalse();
        assertThat(Redaction.isSecretKey("config.providers")).isFalse();
        assertThat(Redaction.isSecretKey("config.providers.file.class")).isFalse();
        assertThat(Redaction.isSecretKey("state.dir")).isFalse();
        assertThat(Redaction.isSecretKey("basic.auth.credentials.source")).isFalse();
    }

    @Test
    void aSecretValueIsHiddenAsKafkaHidesIt() {
        assertThat(Redaction.kafkaProperty("ssl.truststore.password", "changeit")).isEqualTo("[hidden]");
        assertThat(Redaction.kafkaProperty("basic.auth.user.info", "user:pa55")).isEqualTo("[hidden]");
        assertThat(Redaction.kafkaProperty("state.dir", "/var/lib/vigil")).isEqualTo("/var/lib/vigil");
    }

    @Test
    void aConfigProviderReferenceStaysVisible() {
        assertThat(Redaction.kafkaProperty("ssl.truststore.password", "${file:/etc/vigil/tls.properties:password}"))
                .isEqualTo("${file:/etc/vigil/tls.properties:password}");
        assertThat(Redaction.kafkaProperty("ssl.key.password", "${env:KAFKA_KEY_PASSWORD}"))
                .isEqualTo("${env:KAFKA_KEY_PASSWORD}");
        // Text around a reference may be a secret itself.
        assertThat(Redaction.kafkaProperty("ssl.key.password", "abc${env:X}")).isEqualTo("[hidden]");
    }

    @Test
    void jaasConfigKeepsTheModuleAndUserButHidesThePassword() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" "
                + "password=\"p\\\"a;ss word\";";

        assertThat(Redaction.kafkaProperty("sasl.jaas.config", jaas)).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" "
                        + "password=\"[hidden]\";");
    }

    @Test
    void jaasConfigHidesBareAndOtherSecretOptionsButNotReferences() {
        assertThat(Redaction.kafkaProperty("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=u password=pw;"))
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=u "
                        + "password=\"[hidden]\";");
        assertThat(Redaction.kafkaProperty("sasl.jaas.config",
                "OAuthBearerLoginModule required clientId=\"vigil\" clientSecret=\"s3\";"))
                .isEqualTo("OAuthBearerLoginModule required clientId=\"vigil\" clientSecret=\"[hidden]\";");
        String referenced = "ScramLoginModule required username=\"vigil\" "
                + "password=\"${dir:/etc/vigil/secrets:kafka-password}\";";
        assertThat(Redaction.kafkaProperty("sasl.jaas.config", referenced)).isEqualTo(referenced);
    }

    @Test
    void jaasConfigThatDoesNotParseIsHiddenWhole() {
        assertThat(Redaction.kafkaProperty("sasl.jaas.config", "just-a-secret")).isEqualTo("[hidden]");
    }

    @Test
    void checkConfigOutputNeverShowsTheSecrets() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" "
                        + "password=\"t0p-s3cret\";");
        env.put("VIGIL_KAFKA_PROPERTIES_SSL_TRUSTSTORE_PASSWORD", "truststore-s3cret");
        VigilConfig config = ConfigLoader.fromYaml("""
                kafka:
                  properties:
                    security.protocol: SASL_SSL
                    ssl.key.password: "${file:/run/secrets/kafka.properties:key.password}"
                """, env);

        String yaml = ConfigRenderer.toYamlHidingSecrets(config);

        assertThat(yaml).doesNotContain("t0p-s3cret").doesNotContain("truststore-s3cret")
                .contains("security.protocol: SASL_SSL")
                .contains("password=\\\"[hidden]\\\"")
                .contains("ssl.truststore.password: \"[hidden]\"")
                .contains("ssl.key.password: \"${file:/run/secrets/kafka.properties:key.password}\"");
        // The effective configuration itself keeps the real values for Kafka.
        assertThat(config.kafka().properties().get("ssl.truststore.password")).isEqualTo("truststore-s3cret");
    }
}
