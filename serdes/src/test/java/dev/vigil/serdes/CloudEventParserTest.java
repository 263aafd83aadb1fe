package dev.vigil.serdes;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

import static dev.vigil.serdes.Records.TASK;
import static dev.vigil.serdes.Records.TASK_DATA;
import static dev.vigil.serdes.Records.TS;
import static dev.vigil.serdes.Records.binary;
import static dev.vigil.serdes.Records.envelope;
import static dev.vigil.serdes.Records.headers;
import static dev.vigil.serdes.Records.structuredHeaders;
import static dev.vigil.serdes.Records.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventParserTest {

    private final CloudEventParser parser = new CloudEventParser();

    private static ParseResult.Invalid invalid(ParseResult r) {
        assertThat(r).isInstanceOf(ParseResult.Invalid.class);
        return (ParseResult.Invalid) r;
    }

    private static AgentEvent valid(ParseResult r) {
        assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) r).event();
    }

    private static void assertInvalid(ParseResult r, DlqReason reason, String label, String detailContains) {
        ParseResult.Invalid inv = invalid(r);
        assertThat(inv.reason()).as("reason of %s", inv).isEqualTo(reason);
        assertThat(inv.typeLabel()).as("label of %s", inv).isEqualTo(label);
        assertThat(inv.detail()).contains(detailContains);
    }

    @Test
    void defaultLimitIsTheContractDefault() {
        assertThat(new CloudEventParser().maxEventBytes()).isEqualTo(1_048_576L);
        assertThatThrownBy(() -> new CloudEventParser(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** docs/dead-letters.md: content mode and reason are decided in a fixed order; each rule beats the later ones. */
    @Nested
    class DecisionOrder {

        private final CloudEventParser small = new CloudEventParser(200);

        @Test
        void tooLargeBeatsEverythingAndIsLabelledUnknown() {
            byte[] event = utf8(envelope(TASK, "", TASK_DATA));
            byte[] big = Arrays.copyOf(event, 201);
            Arrays.fill(big, event.length, big.length, (byte) ' ');
            assertInvalid(small.parse(big, structuredHeaders(), TS), DlqReason.TOO_LARGE, "unknown", "201 bytes");
            assertInvalid(small.parse(big, binary(TASK), TS), DlqReason.TOO_LARGE, "unknown", "max_event_bytes (200)");
            assertInvalid(small.parse(new byte[201], headers(), TS), DlqReason.TOO_LARGE, "unknown", "value");
        }

        @Test
        void aValueOfExactlyTheLimitIsNotTooLarge() {
            byte[] event = utf8(envelope(TASK, "", TASK_DATA));
            byte[] exact = Arrays.copyOf(event, 200);
            Arrays.fill(exact, event.length, exact.length, (byte) ' ');
            valid(small.parse(exact, structuredHeaders(), TS));
            assertInvalid(new CloudEventParser(0).parse(null, binary(TASK), TS), DlqReason.INVALID_DATA, TASK, "data");
        }

        @Test
        void structuredContentTypeBeatsCeHeadersWhichAreThenIgnored() {
            RecordHeaders h = binary("agent.pool.status", "ce_time", "not a time");
            h.add("content-type", utf8("application/cloudevents+json")); // the last content-type wins
            AgentEvent e = valid(parser.parse(utf8(envelope(TASK, "", TASK_DATA)), h, TS));
            assertThat(e).isInstanceOf(TaskStatusChanged.class);
            assertThat(e.meta().time()).isEqualTo(Instant.ofEpochMilli(TS));

            // binary-style value under a structured content-type: judged as a structured event
            RecordHeaders h2 = binary("agent.pool.status");
            h2.remove("content-type");
            h2.add("content-type", utf8("application/cloudevents+json"));
            assertInvalid(parser.parse(utf8("{\"pool\":\"browser\",\"capacity\":3}"), h2, TS),
                    DlqReason.UNSUPPORTED_SPECVERSION, "unknown", "specversion: missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/cloudevents+json", "APPLICATION/CloudEvents+JSON",
                "application/cloudevents+json; charset=utf-8", " application/cloudevents+json ;charset=UTF-8"})
        void structuredContentTypeIgnoresCaseAndParameters(String contentType) {
            RecordHeaders h = headers("content-type", contentType, "ce_specversion", "0.3");
            valid(parser.parse(utf8(envelope(TASK, "", TASK_DATA)), h, TS));
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/cloudevents-batch+json", "application/cloudevents", "application/json"})
        void otherContentTypesDoNotSelectStructuredMode(String contentType) {
            // not structured by header; no ce_ headers; an array is not sniffed as structured
            assertInvalid(parser.parse(utf8("[" + envelope(TASK, "", TASK_DATA) + "]"), headers("content-type", contentType), TS),
                    DlqReason.NOT_CLOUDEVENT, "unknown", "specversion");
        }

        @Test
        void specVersionHeaderBeatsSniffing() {
            // binary mode: the whole structured-looking value is the data, which lacks task_id
            assertInvalid(parser.parse(utf8(envelope(TASK, "", TASK_DATA)), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.task_id: missing");
        }

        @Test
        void sniffingNeedsNoCeHeadersAndAnObjectWithSpecversion() {
            byte[] event = utf8(envelope(TASK, "", TASK_DATA));
            valid(parser.parse(event, headers(), TS));
            valid(parser.parse(event, null, TS));
            valid(parser.parse(utf8("  \n" + envelope(TASK, "", TASK_DATA)), headers("content-type", "application/json"), TS));
            assertInvalid(parser.parse(event, headers("ce_id", "evt-1"), TS), DlqReason.NOT_CLOUDEVENT, "unknown",
                    "ce_specversion");
            assertInvalid(parser.parse(utf8("{\"type\":\"" + TASK + "\"}"), headers(), TS), DlqReason.NOT_CLOUDEVENT,
                    "unknown", "specversion");
            assertInvalid(parser.parse(utf8("{\"specversion\":\"1.0\""), headers(), TS), DlqReason.NOT_CLOUDEVENT,
                    "unknown", "specversion");
            // a bare "ce_" header is not a CloudEvents header (as in the SDK)
            valid(parser.parse(event, headers("ce_", "x"), TS));
            // specversion present but null: structured, then unsupported
            assertInvalid(parser.parse(utf8("{\"specversion\":null,\"type\":\"" + TASK + "\"}"), headers(), TS),
                    DlqReason.UNSUPPORTED_SPECVERSION, TASK, "specversion");
        }

        @Test
        void badJsonBeatsUnsupportedSpecversion() {
            assertInvalid(parser.parse(utf8("{oops"), binary(TASK, "ce_specversion", "0.3"), TS),
                    DlqReason.BAD_JSON, TASK, "not valid JSON");
            assertInvalid(parser.parse(utf8("{\"specversion\":\"0.3\", oops"), structuredHeaders(), TS),
                    DlqReason.BAD_JSON, "unknown", "not valid JSON");
            assertInvalid(parser.parse(utf8("   "), structuredHeaders(), TS), DlqReason.BAD_JSON, "unknown", "value");
            assertInvalid(parser.parse(utf8(" \n "), binary(TASK), TS), DlqReason.BAD_JSON, TASK, "only whitespace");
            // literal order: non-JSON bytes are bad_json even when content-type says they are not JSON
            assertInvalid(parser.parse(utf8("hello"), binary(TASK, "content-type", "text/plain"), TS),
                    DlqReason.BAD_JSON, TASK, "not valid JSON");
            assertInvalid(parser.parse(null, structuredHeaders(), TS), DlqReason.BAD_JSON, "unknown", "empty");
            assertInvalid(parser.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b}, binary(TASK), TS),
                    DlqReason.BAD_JSON, TASK, "JSON");
        }

        @Test
        void unsupportedSpecversionBeatsMissingAttribute() {
            RecordHeaders h = binary(TASK, "ce_specversion", "1.1");
            h.remove("ce_id");
            assertInvalid(parser.parse(utf8(TASK_DATA), h, TS), DlqReason.UNSUPPORTED_SPECVERSION, TASK, "\"1.1\"");
            assertInvalid(parser.parse(utf8(TASK_DATA), binary(TASK, "ce_specversion", null), TS),
                    DlqReason.UNSUPPORTED_SPECVERSION, TASK, "ce_specversion: no value");
            assertInvalid(parser.parse(utf8("{\"specversion\":\"1\",\"type\":\"" + TASK + "\"}"), structuredHeaders(), TS),
                    DlqReason.UNSUPPORTED_SPECVERSION, TASK, "specversion");
        }

        @Test
        void missingAttributeBeatsUnknownType() {
            String noSource = "{\"specversion\":\"1.0\",\"id\":\"e\",\"type\":\"x.y\",\"data\":[]}";
            assertInvalid(parser.parse(utf8(noSource), structuredHeaders(), TS), DlqReason.MISSING_ATTRIBUTE,
                    "unknown", "source: missing");
            for (String attr : new String[] {"id", "source", "type"}) {
                RecordHeaders h = binary(TASK);
                h.remove("ce_" + attr);
                h.add("ce_" + attr, utf8(""));
                assertInvalid(parser.parse(utf8(TASK_DATA), h, TS), DlqReason.MISSING_ATTRIBUTE,
                        attr.equals("type") ? "unknown" : TASK, attr + ": must not be empty");
            }
            String nullId = "{\"specversion\":\"1.0\",\"id\":null,\"source\":\"s\",\"type\":\"" + TASK + "\",\"data\":{}}";
            assertInvalid(parser.parse(utf8(nullId), structuredHeaders(), TS), DlqReason.MISSING_ATTRIBUTE, TASK,
                    "id: is null");
        }

        @Test
        void unknownTypeBeatsInvalidData() {
            assertInvalid(parser.parse(utf8(envelope("agent.task.created", "\"time\":\"never\",", "[]")),
                    structuredHeaders(), TS), DlqReason.UNKNOWN_TYPE, "unknown", "agent.task.created");
            // types are case-sensitive
            assertInvalid(parser.parse(utf8(TASK_DATA), binary("Agent.Task.Status_Changed"), TS),
                    DlqReason.UNKNOWN_TYPE, "unknown", "Agent.Task.Status_Changed");
        }

        @Test
        void invalidDataChecksDatacontenttypeThenTimeThenDataThenFieldsInTableOrder() {
            assertInvalid(parser.parse(utf8(envelope(TASK, "\"datacontenttype\":\"text/csv\",\"time\":\"x\",", "[]")),
                    structuredHeaders(), TS), DlqReason.INVALID_DATA, TASK, "datacontenttype: \"text/csv\"");
            assertInvalid(parser.parse(utf8(envelope(TASK, "\"time\":\"x\",", "[]")),
                    structuredHeaders(), TS), DlqReason.INVALID_DATA, TASK, "time: \"x\"");
            assertInvalid(parser.parse(utf8(envelope(TASK, "", "[]")),
                    structuredHeaders(), TS), DlqReason.INVALID_DATA, TASK, "data: expected a JSON object, got an array");
            assertInvalid(parser.parse(utf8("{\"status\":\"done\",\"duration_ms\":-1}"), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.task_id: missing");
            assertInvalid(parser.parse(utf8("{\"task_id\":\"t\",\"status\":\"done\",\"duration_ms\":-1}"), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.status: \"done\" is not one of submitted, running, succeeded, failed, cancelled");
            assertInvalid(parser.parse(utf8("{\"task_id\":\"t\",\"status\":\"failed\",\"duration_ms\":-1}"), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.duration_ms: -1 is below the minimum 0");
        }
    }

    @Nested
    class TypeLabel {

        @ParameterizedTest
        @EnumSource(EventType.class)
        void knownTypesAreTheirOwnLabelValidOrNot(EventType type) {
            ParseResult bad = parser.parse(utf8("{}"), binary(type.wireName()), TS);
            assertInvalid(bad, DlqReason.INVALID_DATA, type.wireName(), "data.");
            ParseResult badTime = parser.parse(utf8("{}"), binary(type.wireName(), "ce_time", "yesterday"), TS);
            assertInvalid(badTime, DlqReason.INVALID_DATA, type.wireName(), "time");
        }

        @Test
        void validEventsCarryTheirType() {
            ParseResult r = parser.parse(utf8(TASK_DATA), binary(TASK), TS);
            assertThat(r.typeLabel()).isEqualTo(TASK);
        }

        @Test
        void unreadableOrUnknownTypesAreUnknown() {
            assertThat(parser.parse(utf8(TASK_DATA), binary("com.example.x"), TS).typeLabel()).isEqualTo("unknown");
            String numericType = "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":7,\"data\":{}}";
            assertInvalid(parser.parse(utf8(numericType), structuredHeaders(), TS), DlqReason.MISSING_ATTRIBUTE,
                    "unknown", "type: expected a non-empty string, got a number (7)");
            // decided before any attribute is read: unknown even when the type would be readable
            byte[] tooBig = new byte[20];
            Arrays.fill(tooBig, (byte) ' ');
            assertThat(new CloudEventParser(10).parse(tooBig, binary(TASK), TS).typeLabel()).isEqualTo("unknown");
            assertThat(parser.parse(utf8(TASK_DATA), headers("ce_type", TASK), TS).typeLabel()).isEqualTo("unknown");
            // a structured value that does not parse has no readable type
            assertThat(parser.parse(utf8("{\"type\":\"" + TASK + "\","), structuredHeaders(), TS).typeLabel())
                    .isEqualTo("unknown");
        }
    }

    @Nested
    class EventTime {

        @Test
        void timeAttributeWinsOverTheRecordTimestamp() {
            long later = Instant.parse("2026-01-15T11:00:00Z").toEpochMilli();
            AgentEvent b = valid(parser.parse(utf8(TASK_DATA), binary(TASK, "ce_time", "2026-01-15T12:00:00.5+02:00"), later));
            assertThat(b.meta().time()).isEqualTo(Instant.parse("2026-01-15T10:00:00.5Z"));
            AgentEvent s = valid(parser.parse(utf8(envelope(TASK, "\"time\":\"2026-01-15T10:00:00Z\",", TASK_DATA)),
                    structuredHeaders(), later));
            assertThat(s.meta().time()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
        }

        @Test
        void withoutTimeTheRecordTimestampIsTheEventTime() {
            assertThat(valid(parser.parse(utf8(TASK_DATA), binary(TASK), TS)).meta().time())
                    .isEqualTo(Instant.ofEpochMilli(TS));
            assertThat(valid(parser.parse(utf8(envelope(TASK, "", TASK_DATA)), structuredHeaders(), 1234L)).meta().time())
                    .isEqualTo(Instant.ofEpochMilli(1234L));
            assertThat(valid(parser.parse(utf8(envelope(TASK, "\"time\":null,", TASK_DATA)), structuredHeaders(), 99L))
                    .meta().time()).isEqualTo(Instant.ofEpochMilli(99L));
            // a ce_time header without a value is absent (the SDK's binding skips null header values)
            assertThat(valid(parser.parse(utf8(TASK_DATA), binary(TASK, "ce_time", null), 7L)).meta().time())
                    .isEqualTo(Instant.ofEpochMilli(7L));
        }

        @Test
        void aTimeThatIsNotAStringIsInvalid() {
            assertInvalid(parser.parse(utf8(envelope(TASK, "\"time\":1768473000,", TASK_DATA)), structuredHeaders(), TS),
                    DlqReason.INVALID_DATA, TASK, "time: a number (1768473000) is not an RFC 3339 date-time");
        }
    }

    @Nested
    class Headers {

        @Test
        void parseNeverModifiesTheHeaders() {
            RecordHeaders[] all = {binary(TASK, "ce_traceparent", "00-abc-def-01"), structuredHeaders(),
                    headers("x", "y"), binary(TASK, "ce_specversion", "0.3")};
            byte[][] values = {utf8(TASK_DATA), utf8(envelope(TASK, "", TASK_DATA)), utf8("nope"), utf8("{bad")};
            for (int i = 0; i < all.length; i++) {
                Header[] before = all[i].toArray();
                all[i].setReadOnly(); // any add/remove would now throw
                parser.parse(values[i], all[i], TS);
                assertThat(all[i].toArray()).containsExactly(before);
                assertThat(all[i].lastHeader(DeadLetters.REASON)).isNull();
            }
        }
    }

    @Nested
    class Meta {

        @Test
        void binaryAttributesAndTracingExtension() {
            RecordHeaders h = binary(TASK, "ce_subject", "task-1", "ce_traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "ce_tracestate", "rojo=00f067aa0ba902b7");
            EventMeta m = valid(parser.parse(utf8(TASK_DATA), h, TS)).meta();
            assertThat(m).isEqualTo(new EventMeta("evt-1", "orchestrator", EventType.TASK_STATUS_CHANGED,
                    Instant.ofEpochMilli(TS), "task-1", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "rojo=00f067aa0ba902b7"));
        }

        @Test
        void structuredAttributesAndTracingExtension() {
            String ev = envelope(TASK, "\"subject\":\"s\",\"traceparent\":\"00-a-b-01\",\"tracestate\":\"k=v\",", TASK_DATA);
            EventMeta m = valid(parser.parse(utf8(ev), structuredHeaders(), TS)).meta();
            assertThat(m.subject()).isEqualTo("s");
            assertThat(m.traceparent()).isEqualTo("00-a-b-01");
            assertThat(m.tracestate()).isEqualTo("k=v");
            EventMeta none = valid(parser.parse(utf8(envelope(TASK, "\"subject\":5,", TASK_DATA)), structuredHeaders(), TS)).meta();
            assertThat(none.subject()).isNull();
            assertThat(none.traceparent()).isNull();
        }

        @Test
        void lastHeaderOfANameWins() {
            RecordHeaders h = binary(TASK, "ce_id", "evt-2");
            assertThat(valid(parser.parse(utf8(TASK_DATA), h, TS)).meta().id()).isEqualTo("evt-2");
        }
    }

    /** The datacontenttype rule: absent, application/json or a +json type, any parameters, any case. */
    @Nested
    class DataContentType {

        @ParameterizedTest
        @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
                "application/json;charset=UTF-8", "application/vnd.acme.task+json", "application/problem+json; charset=utf-8",
                "text/x-custom+JSON"})
        void jsonTypesAreAccepted(String contentType) {
            valid(parser.parse(utf8(TASK_DATA), binary(TASK, "content-type", contentType), TS));
            valid(parser.parse(utf8(envelope(TASK, "\"datacontenttype\":\"" + contentType + "\",", TASK_DATA)),
                    structuredHeaders(), TS));
        }

        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "application/xml", "text/json", "application/jsonx", "application/x-json",
                "+json", "application/+json", "json", "", "application/octet-stream", "application/json+xml"})
        void otherTypesAreInvalidData(String contentType) {
            assertInvalid(parser.parse(utf8(TASK_DATA), binary(TASK, "content-type", contentType), TS),
                    DlqReason.INVALID_DATA, TASK, "datacontenttype");
            assertInvalid(parser.parse(utf8(envelope(TASK, "\"datacontenttype\":\"" + contentType + "\",", TASK_DATA)),
                    structuredHeaders(), TS), DlqReason.INVALID_DATA, TASK, "datacontenttype");
        }

        @Test
        void absentIsJson() {
            RecordHeaders h = binary(TASK);
            h.remove("content-type");
            valid(parser.parse(utf8(TASK_DATA), h, TS));
            valid(parser.parse(utf8(envelope(TASK, "", TASK_DATA)), structuredHeaders(), TS));
            valid(parser.parse(utf8(envelope(TASK, "\"datacontenttype\":null,", TASK_DATA)), structuredHeaders(), TS));
            // a content-type header without a value is absent too
            valid(parser.parse(utf8(TASK_DATA), binary(TASK, "content-type", null), TS));
        }

        @Test
        void aNonStringDatacontenttypeIsInvalid() {
            assertInvalid(parser.parse(utf8(envelope(TASK, "\"datacontenttype\":true,", TASK_DATA)), structuredHeaders(), TS),
                    DlqReason.INVALID_DATA, TASK, "datacontenttype: a boolean (true)");
        }
    }

    @Nested
    class DataFields {

        private ParseResult call(String fields) {
            return parser.parse(utf8("{\"call_id\":\"c\",\"agent_name\":\"a\",\"capability\":\"k\",\"model_name\":\"m\","
                    + "\"status\":\"ok\"," + fields + "}"), binary("agent.call.completed"), TS);
        }

        @Test
        void numbersMustBeFinite() {
            assertInvalid(call("\"latency_ms\":1e400,\"input_tokens\":1,\"output_tokens\":1"),
                    DlqReason.INVALID_DATA, "agent.call.completed", "data.latency_ms: is not a finite number");
        }

        @Test
        void integersMustFitAndHaveNoFraction() {
            assertInvalid(call("\"latency_ms\":1,\"input_tokens\":100000000000000000000000,\"output_tokens\":1"),
                    DlqReason.INVALID_DATA, "agent.call.completed", "data.input_tokens: 100000000000000000000000 is out of range");
            assertInvalid(call("\"latency_ms\":1,\"input_tokens\":1e30,\"output_tokens\":1"),
                    DlqReason.INVALID_DATA, "agent.call.completed", "data.input_tokens: 1.0E30 is out of range");
            CallCompleted c = (CallCompleted) valid(call("\"latency_ms\":1,\"input_tokens\":3.0,\"output_tokens\":1000000000"));
            assertThat(c.inputTokens()).isEqualTo(3);
            assertThat(c.outputTokens()).isEqualTo(1_000_000_000L);
            assertInvalid(parser.parse(utf8("{\"task_id\":\"t\",\"step_id\":\"s\",\"status\":\"queued\",\"agent_name\":\"a\","
                    + "\"capability\":\"k\",\"attempt\":2147483648}"), binary("agent.step.status_changed"), TS),
                    DlqReason.INVALID_DATA, "agent.step.status_changed", "data.attempt: 2147483648 is above the maximum 1000000");
        }

        @Test
        void fractionalMillisecondsAreKept() {
            CallCompleted c = (CallCompleted) valid(call("\"latency_ms\":0.125,\"input_tokens\":0,\"output_tokens\":0,\"cost_usd\":1.5e-6"));
            assertThat(c.latencyMs()).isEqualTo(0.125);
            assertThat(c.costUsd()).isEqualTo(1.5e-6);
        }

        @Test
        void optionalNullIsAbsentButRequiredNullIsInvalid() {
            StepStatusChanged s = (StepStatusChanged) valid(parser.parse(utf8("{\"task_id\":\"t\",\"step_id\":\"s\","
                    + "\"status\":\"queued\",\"agent_name\":\"a\",\"capability\":\"k\",\"attempt\":null,\"duration_ms\":null}"),
                    binary("agent.step.status_changed"), TS));
            assertThat(s.attempt()).isEqualTo(1);
            assertThat(s.durationMs()).isNull();
            assertInvalid(parser.parse(utf8("{\"task_id\":null,\"status\":\"running\"}"), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.task_id: is null (required)");
        }

        @Test
        void unknownFieldsAreIgnoredAndNothingIsCoerced() {
            TaskStatusChanged t = (TaskStatusChanged) valid(parser.parse(
                    utf8("{\"task_id\":\"t\",\"status\":\"running\",\"extra\":{\"deep\":[1,2]},\"tenant\":\"acme\"}"), binary(TASK), TS));
            assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(t.tenant()).isEqualTo("acme");
            assertInvalid(parser.parse(utf8("{\"task_id\":1,\"status\":\"running\"}"), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.task_id: expected a string, got a number (1)");
            assertInvalid(parser.parse(utf8("{\"task_id\":\"t\",\"status\":true}"), binary(TASK), TS),
                    DlqReason.INVALID_DATA, TASK, "data.status: expected a string");
            // data that is a JSON string holding JSON is still a string
            assertInvalid(parser.parse(utf8(envelope(TASK, "", "\"{\\\"task_id\\\":\\\"t\\\"}\"")), structuredHeaders(), TS),
                    DlqReason.INVALID_DATA, TASK, "data: expected a JSON object, got a string");
        }

        @Test
        void longValuesAreCutInDetails() {
            String longStatus = "x".repeat(500);
            ParseResult.Invalid inv = invalid(parser.parse(utf8("{\"task_id\":\"t\",\"status\":\"" + longStatus + "\"}"),
                    binary(TASK), TS));
            assertThat(inv.detail()).startsWith("data.status: \"xxx").contains("…").hasSizeLessThan(200);
        }
    }

    /** Events written by the CloudEvents SDK itself, in both modes, are accepted. */
    @Nested
    class SdkInterop {

        private final CloudEvent event = CloudEventBuilder.v1()
                .withId("evt-sdk")
                .withSource(URI.create("//orchestrator/eu-1"))
                .withType(TASK)
                .withTime(OffsetDateTime.parse("2026-01-15T10:30:00.250Z"))
                .withSubject("task-9")
                .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .withDataContentType("application/json")
                .withData(utf8("{\"task_id\":\"task-9\",\"status\":\"succeeded\",\"duration_ms\":12.5}"))
                .build();

        private void assertParsed(AgentEvent e) {
            TaskStatusChanged t = (TaskStatusChanged) e;
            assertThat(t.meta()).isEqualTo(new EventMeta("evt-sdk", "//orchestrator/eu-1", EventType.TASK_STATUS_CHANGED,
                    Instant.parse("2026-01-15T10:30:00.250Z"), "task-9",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null));
            assertThat(t.taskId()).isEqualTo("task-9");
            assertThat(t.durationMs()).isEqualTo(12.5);
        }

        @Test
        void binaryRecordFromKafkaMessageFactory() {
            ProducerRecord<Void, byte[]> rec = KafkaMessageFactory.createWriter("agent-events").writeBinary(event);
            assertParsed(valid(parser.parse(rec.value(), rec.headers(), TS)));
        }

        @Test
        void structuredRecordFromKafkaMessageFactoryAndJsonFormat() {
            ProducerRecord<Void, byte[]> rec = KafkaMessageFactory.createWriter("agent-events")
                    .writeStructured(event, JsonFormat.CONTENT_TYPE);
            assertThat(new String(rec.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");
            assertParsed(valid(parser.parse(rec.value(), rec.headers(), TS)));
            // and the bare JsonFormat bytes without any header are sniffed as structured
            assertParsed(valid(parser.parse(new JsonFormat().serialize(event), new RecordHeaders(), TS)));
        }
    }
}
