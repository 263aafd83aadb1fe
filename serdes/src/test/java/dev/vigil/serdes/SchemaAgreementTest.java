package dev.vigil.serdes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.vigil.serdes.Records.TS;
import static dev.vigil.serdes.Records.binary;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Systematic agreement between each data schema and the parser: starting from a data object with
 * every field set, every field of the schema is removed, nulled, emptied, retyped and pushed out of
 * range, and the schema's verdict must equal the parser's (with the parser's detail naming that field).
 */
class SchemaAgreementTest {

    private static final CloudEventParser PARSER = new CloudEventParser();

    private static final Map<String, String> FULL = Map.of(
            "agent.task.status_changed",
            "{\"task_id\":\"t\",\"status\":\"failed\",\"duration_ms\":1.5,\"error_type\":\"E\",\"tenant\":\"acme\"}",
            "agent.step.status_changed",
            "{\"task_id\":\"t\",\"step_id\":\"s\",\"status\":\"timed_out\",\"agent_name\":\"a\",\"capability\":\"c\","
                    + "\"attempt\":2,\"duration_ms\":3,\"error_type\":\"E\"}",
            "agent.call.completed",
            "{\"call_id\":\"c\",\"agent_name\":\"a\",\"capability\":\"k\",\"model_name\":\"m\",\"status\":\"error\","
                    // input_tokens at its maximum and no cached tokens: every single-field mutation of either stays
                    // within the one rule between them (cached <= input), which the examples test on their own
                    + "\"latency_ms\":12.5,\"input_tokens\":1000000000,\"output_tokens\":20,\"task_id\":\"t\","
                    + "\"step_id\":\"s\",\"cost_usd\":0.01,\"error_type\":\"E\",\"cached_input_tokens\":0,"
                    + "\"tenant\":\"acme\"}",
            "agent.lease.acquired",
            "{\"lease_id\":\"l\",\"resource_id\":\"r\",\"pool\":\"p\",\"agent_name\":\"a\",\"task_id\":\"t\",\"step_id\":\"s\","
                    + "\"ttl_ms\":1000}",
            "agent.lease.released",
            "{\"lease_id\":\"l\",\"pool\":\"p\",\"resource_id\":\"r\",\"reason\":\"revoked\"}",
            "agent.pool.status",
            "{\"pool\":\"p\",\"capacity\":5,\"healthy\":4,\"state\":\"down\"}");

    static Stream<Arguments> mutations() {
        List<Arguments> cases = new ArrayList<>();
        FULL.forEach((type, json) -> {
            ObjectNode full = (ObjectNode) parse(json);
            cases.add(Arguments.of(type, "as is", null, full));
            JsonNode props = Examples.resource(Schemas.ROOT + type + ".schema.json").get("properties");
            assertThat(props.size()).as("every schema property is in the full %s object", type).isEqualTo(full.size());
            props.properties().forEach(p -> {
                String field = p.getKey();
                JsonNode prop = p.getValue();
                cases.add(Arguments.of(type, "without " + field, field, with(full, d -> d.remove(field))));
                cases.add(Arguments.of(type, field + " null", field, with(full, d -> d.putNull(field))));
                cases.add(Arguments.of(type, field + " true", field, with(full, d -> d.put(field, true))));
                cases.add(Arguments.of(type, field + " object", field, with(full, d -> d.putObject(field))));
                boolean isString = prop.toString().contains("\"string\"");
                if (isString) {
                    cases.add(Arguments.of(type, field + " empty", field, with(full, d -> d.put(field, ""))));
                    cases.add(Arguments.of(type, field + " number", field, with(full, d -> d.put(field, 1))));
                    cases.add(Arguments.of(type, field + " other word", field, with(full, d -> d.put(field, "zzz"))));
                } else {
                    cases.add(Arguments.of(type, field + " string", field, with(full, d -> d.put(field, "1"))));
                    cases.add(Arguments.of(type, field + " -1", field, with(full, d -> d.put(field, -1))));
                    cases.add(Arguments.of(type, field + " 0", field, with(full, d -> d.put(field, 0))));
                    cases.add(Arguments.of(type, field + " 0.5", field, with(full, d -> d.put(field, 0.5))));
                    cases.add(Arguments.of(type, field + " 7.0", field, with(full, d -> d.put(field, 7.0))));
                    cases.add(Arguments.of(type, field + " 2147483648", field, with(full, d -> d.put(field, 2147483648L))));
                    JsonNode max = prop.get("maximum");
                    assertThat(max).as("%s.%s has a maximum", type, field).isNotNull();
                    // The bound itself is valid; just above it is not (1 for integers, a fraction for numbers).
                    java.math.BigDecimal bound = max.decimalValue();
                    java.math.BigDecimal above = bound.add(prop.toString().contains("\"integer\"")
                            ? java.math.BigDecimal.ONE : new java.math.BigDecimal("0.001"));
                    cases.add(Arguments.of(type, field + " at its maximum", field, with(full, d -> d.put(field, bound))));
                    cases.add(Arguments.of(type, field + " just above its maximum", field, with(full, d -> d.put(field, above))));
                    if (!prop.toString().contains("\"integer\"")) {
                        // (For integer fields the schema validator itself cannot convert 1e308 to a long.)
                        cases.add(Arguments.of(type, field + " 1e308", field, with(full, d -> d.put(field, 1e308))));
                    }
                }
            });
            cases.add(Arguments.of(type, "with an unknown field", null, with(full, d -> d.put("zz_unknown", 1))));
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("mutations")
    void schemaAndParserAgree(String type, String what, String field, ObjectNode data) {
        boolean schemaValid = Schemas.validate(type, data.toString()).isEmpty();
        ParseResult result = PARSER.parse(Records.utf8(data.toString()), binary(type), TS);
        assertThat(result instanceof ParseResult.Valid).as("parser (%s) agrees with schema (valid=%s)", result, schemaValid)
                .isEqualTo(schemaValid);
        if (!schemaValid) {
            ParseResult.Invalid invalid = (ParseResult.Invalid) result;
            assertThat(invalid.reason()).isEqualTo(DlqReason.INVALID_DATA);
            assertThat(invalid.detail()).startsWith("data." + field + ":");
        }
    }

    private static ObjectNode with(ObjectNode full, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = full.deepCopy();
        change.accept(copy);
        return copy;
    }

    private static JsonNode parse(String json) {
        try {
            return Examples.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
