package dev.vigil.serdes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Loads the example records of {@code vigil/examples/} (format: schemas/README.md). */
final class Examples {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROOT = "vigil/examples/";

    private Examples() {
    }

    static JsonNode resource(String path) {
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode index() {
        return resource(ROOT + "index.json");
    }

    static List<String> list(String member) {
        List<String> names = new ArrayList<>();
        index().get(member).forEach(n -> names.add(n.textValue()));
        return names;
    }

    static Example load(String path) {
        return new Example(path, resource(ROOT + path));
    }

    /** One example record: the Kafka record it describes and what Vigil must make of it. */
    static final class Example {
        final String path;
        final JsonNode doc;
        final JsonNode expect;

        Example(String path, JsonNode doc) {
            this.path = path;
            this.doc = doc;
            this.expect = doc.get("expect");
        }

        String mode() {
            return doc.path("mode").asText();
        }

        long timestamp() {
            return doc.path("timestamp").asLong(0);
        }

        RecordHeaders headers() {
            RecordHeaders headers = new RecordHeaders();
            JsonNode h = doc.get("headers");
            if (h != null) {
                for (Map.Entry<String, JsonNode> e : h.properties()) {
                    headers.add(e.getKey(), e.getValue().isNull() ? null
                            : e.getValue().textValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return headers;
        }

        /** value (compact JSON) or value_text (exact UTF-8), padded with spaces to value_size; else null. */
        byte[] value() {
            byte[] base = null;
            try {
                if (doc.has("value")) {
                    base = JSON.writeValueAsBytes(doc.get("value"));
                } else if (doc.has("value_text")) {
                    base = doc.get("value_text").textValue().getBytes(StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (doc.has("value_size")) {
                int size = doc.get("value_size").intValue();
                byte[] padded = new byte[size];
                Arrays.fill(padded, (byte) ' ');
                if (base != null) {
                    if (base.length > size) {
                        throw new IllegalStateException(path + ": value is longer than value_size");
                    }
                    System.arraycopy(base, 0, padded, 0, base.length);
                }
                return padded;
            }
            return base;
        }

        /**
         * The event's data as JSON, when there is one to judge: the {@code data} member of a
         * structured value, or the JSON of a binary value. Null otherwise.
         */
        JsonNode data() {
            if (mode().equals("structured")) {
                JsonNode v = doc.get("value");
                return v != null && v.isObject() ? v.get("data") : null;
            }
            if (mode().equals("binary")) {
                if (doc.has("value")) {
                    return doc.get("value");
                }
                if (doc.has("value_text")) {
                    try {
                        JsonNode n = JSON.readTree(doc.get("value_text").textValue());
                        return n == null || n.isMissingNode() ? null : n;
                    } catch (IOException e) {
                        return null;
                    }
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return path;
        }
    }
}
