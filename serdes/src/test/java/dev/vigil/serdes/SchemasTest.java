package dev.vigil.serdes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import dev.vigil.serdes.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema files themselves, and the alert examples against the alert schema. */
class SchemasTest {

    static Stream<String> schemaNames() {
        return Stream.concat(Stream.of(EventType.values()).map(EventType::wireName), Stream.of("vigil.alert"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaNames")
    void isADraft202012SchemaWithItsId(String name) {
        JsonNode doc = Examples.resource(Schemas.ROOT + name + ".schema.json");
        assertThat(doc.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(doc.get("$id").textValue()).isEqualTo("https://vigil.dev/schemas/" + name + ".schema.json");
        assertThat(doc.get("type").textValue()).isEqualTo("object");

        Schema meta = Schemas.REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<Error> errors = meta.validate(doc.toString(), InputFormat.JSON);
        assertThat(errors).as("valid against the 2020-12 meta-schema").isEmpty();
        assertThat(meta.validate("{\"type\":5,\"required\":\"x\"}", InputFormat.JSON))
                .as("the meta-schema does judge").isNotEmpty();
        assertThat(Schemas.of(name)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void dataSchemasAllowUnknownFields(EventType type) {
        JsonNode doc = Examples.resource(Schemas.ROOT + type.wireName() + ".schema.json");
        assertThat(doc.get("additionalProperties").booleanValue()).isTrue();
        assertThat(doc.get("required")).isNotEmpty();
    }

    static Stream<String> alertExamples() {
        return Examples.list("alerts").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alertExamples")
    void alertExamplesMatchTheAlertSchema(String path) {
        Examples.Example ex = Examples.load(path);
        JsonNode event = ex.doc.get("value");
        assertThat(event.get("type").textValue()).isIn("vigil.alert.firing", "vigil.alert.resolved");
        assertThat(event.get("subject").textValue()).isEqualTo(event.get("data").get("rule").textValue());
        assertThat(event.get("partitionkey").textValue()).isEqualTo(event.get("data").get("fingerprint").textValue())
                .isEqualTo(ex.doc.get("key").textValue());
        assertThat(Schemas.validate("vigil.alert", event.get("data").toString())).isEmpty();
    }

    @Test
    void alertSchemaRejectsWrongShapes() {
        ObjectNode firing = (ObjectNode) Examples.load("alert/firing.json").doc.get("value").get("data");
        assertThat(Schemas.validate("vigil.alert", firing.deepCopy().put("state", "open").toString())).isNotEmpty();
        assertThat(Schemas.validate("vigil.alert", firing.deepCopy().put("severity", "fatal").toString())).isNotEmpty();
        assertThat(Schemas.validate("vigil.alert", firing.deepCopy().put("rule", "9lives").toString())).isNotEmpty();
        ObjectNode noFingerprint = firing.deepCopy();
        noFingerprint.remove("fingerprint");
        assertThat(Schemas.validate("vigil.alert", noFingerprint.toString())).isNotEmpty();
        ObjectNode badLabels = firing.deepCopy();
        badLabels.putObject("labels").put("n", 1);
        assertThat(Schemas.validate("vigil.alert", badLabels.toString())).isNotEmpty();
    }
}
