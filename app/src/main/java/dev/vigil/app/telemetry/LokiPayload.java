package dev.vigil.app.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of Loki's push API ({@code POST /loki/api/v1/push}): one stream per label set
 * (the fixed labels plus the line's {@code level}), each with its lines in order as
 * {@code ["<unix epoch nanoseconds>", "<line>"]}.
 */
final class LokiPayload {
    private static final JsonFactory JSON = new JsonFactory();

    /** One log line to push. */
    record Line(String level, long epochNanos, String text) {
    }

    private LokiPayload() {
    }

    static byte[] encode(Map<String, String> labels, List<Line> lines) {
        Map<String, List<Line>> byLevel = new LinkedHashMap<>();
        for (Line line : lines) {
            byLevel.computeIfAbsent(line.level(), l -> new ArrayList<>()).add(line);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 200 * lines.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("streams");
            for (Map.Entry<String, List<Line>> stream : byLevel.entrySet()) {
                g.writeStartObject();
                g.writeObjectFieldStart("stream");
                for (Map.Entry<String, String> label : labels.entrySet()) {
                    g.writeStringField(label.getKey(), label.getValue());
                }
                g.writeStringField("level", stream.getKey());
                g.writeEndObject();
                g.writeArrayFieldStart("values");
                for (Line line : stream.getValue()) {
                    g.writeStartArray();
                    g.writeString(Long.toString(line.epochNanos()));
                    g.writeString(line.text());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            // Only a ByteArrayOutputStream underneath.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
