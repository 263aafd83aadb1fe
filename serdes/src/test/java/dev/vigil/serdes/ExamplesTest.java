package dev.vigil.serdes;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import dev.vigil.serdes.event.EventType;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example record of {@code vigil/examples/index.json}: the parser's verdict, the JSON
 * Schema's verdict on the data, and that the two agree.
 */
class ExamplesTest {

    private static final CloudEventParser PARSER =
            new CloudEventParser(Examples.index().get("max_event_bytes").longValue());

    static Stream<String> examples() {
        return Examples.list("examples").stream();
    }

    /** Data rules between two fields, which the parser checks and a schema cannot (schemas/README.md). */
    private static final List<String> CROSS_FIELD_RULES = List.of("data.cached_input_tokens: ");

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parserGivesTheExpectedVerdict(String path) {
        Examples.Example ex = Examples.load(path);
        JsonNode expect = ex.expect;
        RecordHeaders headers = ex.headers();
        ParseResult result = PARSER.parse(ex.value(), headers, ex.timestamp());

        assertThat(result.typeLabel()).as("type label").isEqualTo(expect.get("type_label").textValue());
        if (expect.get("outcome").textValue().equals("valid")) {
            assertThat(result).as("verdict").isInstanceOf(ParseResult.Valid.class);
            ParseResult.Valid valid = (ParseResult.Valid) result;
            assertThat(valid.event().meta().time()).as("event time")
                    .isEqualTo(Instant.parse(expect.get("time").textValue()));
            assertThat(valid.event().entityKey()).as("entity key").isEqualTo(expect.get("entity_key").textValue());
        } else {
            assertThat(result).as("verdict").isInstanceOf(ParseResult.Invalid.class);
            ParseResult.Invalid invalid = (ParseResult.Invalid) result;
            assertThat(invalid.reason().wireName()).as("reason (detail: %s)", invalid.detail())
                    .isEqualTo(expect.get("reason").textValue());
            assertThat(invalid.detail()).as("detail").contains(expect.get("detail_contains").textValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void schemaAndParserAgreeOnTheData(String path) {
        Examples.Example ex = Examples.load(path);
        JsonNode expect = ex.expect;
        String reason = expect.path("reason").asText("valid");
        JsonNode data = ex.data();
        boolean judgeable = data != null && (reason.equals("valid") || reason.equals("invalid_data"))
                && EventType.fromWireName(expect.get("type_label").textValue()).isPresent();
        if (!judgeable) {
            assertThat(expect.has("data")).as("expect.data only where the data can be judged").isFalse();
            return;
        }
        assertThat(expect.has("data")).as("expect.data where the data can be judged").isTrue();
        boolean dataValid = expect.get("data").textValue().equals("valid");

        List<Error> errors = Schemas.validate(expect.get("type_label").textValue(), data.toString());
        assertThat(errors.isEmpty()).as("schema verdict, errors %s", errors).isEqualTo(dataValid);

        ParseResult result = PARSER.parse(ex.value(), ex.headers(), ex.timestamp());
        if (!dataValid) {
            // the schema rejects the data, so must the parser, for a data reason naming a data field
            assertThat(result).isInstanceOf(ParseResult.Invalid.class);
            ParseResult.Invalid invalid = (ParseResult.Invalid) result;
            assertThat(invalid.reason()).isEqualTo(DlqReason.INVALID_DATA);
            assertThat(invalid.detail()).matches("^data[.:].*");
            String field = expect.get("detail_contains").textValue().replaceFirst("^data\\.?", "");
            if (!field.isEmpty()) {
                assertThat(errors.stream().map(Error::toString).collect(Collectors.joining("\n")))
                        .as("the schema complains about the same field").contains(field);
            }
        } else if (result instanceof ParseResult.Invalid) {
            // data fine by the schema: the parser may only object to an attribute, or to a rule
            // between two fields, which JSON Schema cannot state (schemas/README.md)
            ParseResult.Invalid invalid = (ParseResult.Invalid) result;
            assertThat(invalid.reason()).isEqualTo(DlqReason.INVALID_DATA);
            if (CROSS_FIELD_RULES.stream().noneMatch(invalid.detail()::startsWith)) {
                assertThat(invalid.detail()).doesNotMatch("^data[.:].*");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void headersAreNotModified(String path) {
        Examples.Example ex = Examples.load(path);
        RecordHeaders headers = ex.headers();
        headers.setReadOnly();
        PARSER.parse(ex.value(), headers, ex.timestamp());
        assertThat(headers.toArray()).containsExactly(ex.headers().toArray());
    }
}
