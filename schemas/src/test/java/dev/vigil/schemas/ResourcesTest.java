package dev.vigil.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resources are complete and well formed: index.json lists every example file exactly once,
 * each example follows the format of README.md, and every input type has a schema. (Whether the
 * examples are right is judged in vigil-serdes, against the parser and the schemas.)
 */
class ResourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of("src/main/resources/vigil");
    private static final Path EXAMPLES = RESOURCES.resolve("examples");
    private static final Set<String> TYPES = Set.of("agent.task.status_changed", "agent.step.status_changed",
            "agent.call.completed", "agent.lease.acquired", "agent.lease.released", "agent.pool.status");
    private static final Set<String> REASONS = Set.of("not_cloudevent", "bad_json", "unsupported_specversion",
            "missing_attribute", "unknown_type", "invalid_data", "too_large", "time_in_future");
    private static final Set<String> KEYS = Set.of("description", "mode", "key", "timestamp", "headers", "value",
            "value_text", "value_size", "expect");

    private static JsonNode read(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(p + ": " + e.getMessage(), e);
        }
    }

    private static List<String> listed(String member) {
        List<String> names = new ArrayList<>();
        read(EXAMPLES.resolve("index.json")).get(member).forEach(n -> names.add(n.textValue()));
        return names;
    }

    @Test
    void indexListsEveryExampleFileOnce() throws IOException {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("index.json"))
                    .forEach(p -> onDisk.add(EXAMPLES.relativize(p).toString().replace('\\', '/')));
        }
        List<String> all = new ArrayList<>(listed("examples"));
        all.addAll(listed("alerts"));
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(all)).isEqualTo(onDisk);
    }

    @Test
    void examplesFollowTheFormat() {
        Set<String> reasonsSeen = new TreeSet<>();
        Set<String> typesSeen = new TreeSet<>();
        for (String name : listed("examples")) {
            JsonNode ex = read(EXAMPLES.resolve(name));
            assertThat(KEYS).as(name).containsAll(iterable(ex.fieldNames()));
            assertThat(ex.path("description").asText()).as(name).isNotBlank();
            assertThat(ex.path("mode").asText()).as(name).isIn("binary", "structured", "raw");
            assertThat(ex.has("value") && ex.has("value_text")).as(name + ": value or value_text").isFalse();
            ex.path("headers").forEach(v -> assertThat(v.isTextual() || v.isNull()).as(name).isTrue());
            JsonNode expect = ex.get("expect");
            String outcome = expect.path("outcome").asText();
            assertThat(outcome).as(name).isIn("valid", "invalid");
            String label = expect.path("type_label").asText();
            assertThat(TYPES.contains(label) || label.equals("unknown")).as(name + " type_label").isTrue();
            if (outcome.equals("valid")) {
                assertThat(expect.has("time") && expect.has("entity_key")).as(name).isTrue();
                typesSeen.add(label + "/" + ex.get("mode").asText());
            } else {
                assertThat(REASONS).as(name).contains(expect.path("reason").asText());
                assertThat(expect.path("detail_contains").asText()).as(name).isNotEmpty();
                reasonsSeen.add(expect.get("reason").asText());
            }
            if (expect.has("data")) {
                assertThat(expect.get("data").asText()).as(name).isIn("valid", "invalid");
            }
        }
        assertThat(reasonsSeen).as("every dead-letter reason has an example").isEqualTo(new TreeSet<>(REASONS));
        for (String type : TYPES) {
            assertThat(typesSeen).as("valid examples of " + type).contains(type + "/binary", type + "/structured");
        }
    }

    @Test
    void everyTypeHasASchemaAndTheAlertToo() {
        for (String type : TYPES) {
            JsonNode schema = read(RESOURCES.resolve("schemas/" + type + ".schema.json"));
            assertThat(schema.get("$id").asText()).endsWith("/" + type + ".schema.json");
        }
        assertThat(read(RESOURCES.resolve("schemas/vigil.alert.schema.json")).get("required")).isNotEmpty();
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
