package dev.vigil.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.kafka.ClientProperties;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigRenderer;
import dev.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md, "Connecting to a secured Kafka": the example configuration loads, every client
 * Vigil makes gets its security settings, and {@code check-config} renders it as the section shows.
 */
class SecuredKafkaDocTest {
    private static final String SECTION = "\n## Connecting to a secured Kafka\n";

    private static List<String> codeBlocks(String language) throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        int section = doc.indexOf(SECTION);
        assertThat(section).as("docs/configuration.md has the section").isNotNegative();
        int sectionEnd = doc.indexOf("\n## ", section + SECTION.length());
        List<String> blocks = new ArrayList<>();
        String fence = "```" + language + "\n";
        for (int start = doc.indexOf(fence, section); start >= 0 && start < sectionEnd;
             start = doc.indexOf(fence, start)) {
            start += fence.length();
            int end = doc.indexOf("```", start);
            blocks.add(doc.substring(start, end));
            start = end + 3;
        }
        return blocks;
    }

    @Test
    void theExampleLoadsAndReachesEveryClient() throws Exception {
        VigilConfig config = ConfigLoader.fromYaml(codeBlocks("yaml").get(0), Map.of());

        for (Map<String, Object> client : List.of(ClientProperties.admin(config), ClientProperties.producer(config),
                ClientProperties.consumer(config))) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("config.providers", "dir,file,env")
                    .containsKeys("sasl.jaas.config", "ssl.truststore.password", "config.providers.env.class");
        }
    }

    @Test
    void checkConfigRendersTheSecretsAsTheSectionShows() throws Exception {
        String literal = codeBlocks("bash").get(0).lines()
                .filter(l -> l.startsWith("VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG=") && l.contains("password=\"...\""))
                .findFirst().orElseThrow();
        String jaas = literal.substring(literal.indexOf('=') + 2, literal.length() - 1)
                .replace("password=\"...\"", "password=\"a-real-secret\"");
        VigilConfig config = ConfigLoader.fromYaml(codeBlocks("yaml").get(0),
                Map.of("VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", jaas));

        String rendered = ConfigRenderer.toYamlHidingSecrets(config);

        assertThat(rendered).doesNotContain("a-real-secret");
        for (String shown : codeBlocks("yaml").get(1).strip().lines().map(String::strip).toList()) {
            assertThat(rendered).contains(shown);
        }
    }
}
