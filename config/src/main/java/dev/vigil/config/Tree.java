package dev.vigil.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The untyped configuration tree: what YAML, the defaults and the environment are turned into before the
 * schema checks, merges and binds them. Every node remembers where it came from ({@code line 12},
 * {@code VIGIL_KAFKA_BOOTSTRAP_SERVERS}, or nothing for a default) so that errors can say so.
 */
final class Tree {
    private Tree() {
    }

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        /** Where the node came from, or null for a default. */
        String origin();

        default String shape() {
            if (this instanceof MapNode) {
                return "a mapping";
            }
            if (this instanceof ListNode) {
                return "a list";
            }
            return ((ScalarNode) this).kind() == Kind.NULL ? "empty (null)" : "a single value";
        }
    }

    /** Insertion-ordered mapping; also remembers where each key was written. */
    static final class MapNode implements Node {
        final LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
        final Map<String, String> keyOrigins = new HashMap<>();
        private final String origin;

        MapNode(String origin) {
            this.origin = origin;
        }

        @Override
        public String origin() {
            return origin;
        }

        Node get(String key) {
            return entries.get(key);
        }

        void put(String key, Node value, String keyOrigin) {
            entries.put(key, value);
            if (keyOrigin != null) {
                keyOrigins.put(key, keyOrigin);
            }
        }

        String keyOrigin(String key) {
            return keyOrigins.getOrDefault(key, origin);
        }

        MapNode copy() {
            MapNode copy = new MapNode(origin);
            copy.entries.putAll(entries);
            copy.keyOrigins.putAll(keyOrigins);
            return copy;
        }
    }

    record ListNode(List<Node> items, String origin) implements Node {
    }

    enum Kind { STRING, INT, FLOAT, BOOL, NULL }

    /**
     * A scalar as written: {@code text} is the source text (null for NULL); {@code kind} is what YAML made of
     * it (a quoted {@code "5"} is a STRING, a plain {@code 5} an INT, {@code true} a BOOL); {@code bool} is the value of a BOOL.
     */
    record ScalarNode(Kind kind, String text, boolean bool, String origin) implements Node {
        static ScalarNode string(String text, String origin) {
            return new ScalarNode(Kind.STRING, text, false, origin);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // YAML → tree

    /** A YAML document that does not parse. */
    static final class YamlSyntaxException extends Exception {
        YamlSyntaxException(String message) {
            super(message);
        }
    }

    /**
     * An empty plain value ({@code key:}) is null, a quoted {@code ""} the empty string; only {@code true} and
     * {@code false} are booleans (YAML 1.2: {@code no} is the string "no", not false).
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    /**
     * Reads one YAML document. Duplicate keys, aliases of scalars and further documents are added to
     * {@code errors}.
     *
     * @return the root node, or null for an empty document
     */
    static Node parse(Reader reader, List<String> errors) throws YamlSyntaxException {
        try (YAMLParser parser = YAML.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Map<String, Node> anchors = new HashMap<>();
            Node root = read(parser, "", anchors, errors);
            if (root instanceof ScalarNode s && s.kind() == Kind.STRING && s.text().isEmpty()) {
                root = null; // an explicit empty document: "---" alone
            }
            if (parser.nextToken() != null) {
                errors.add(lineOf(parser) + ": only one YAML document is allowed (this is a second one, after '---')");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new YamlSyntaxException(syntaxMessage(e));
        } catch (IOException e) {
            throw new YamlSyntaxException("cannot be read: " + e.getMessage());
        }
    }

    private static Node read(YAMLParser p, String path, Map<String, Node> anchors, List<String> errors)
            throws IOException {
        String origin = lineOf(p);
        JsonToken token = p.currentToken();
        if (p.isCurrentAlias()) {
            Node target = anchors.get(p.getText());
            if (target == null) {
                errors.add(origin + ": " + display(path) + ": alias *" + p.getText()
                        + " is undefined or names a single value (only aliases of mappings and lists are supported)");
                return new ScalarNode(Kind.NULL, null, false, origin);
            }
            return target;
        }
        String anchor = p.getObjectId(); // the anchor (&name) of a mapping or list
        Node node;
        switch (token) {
            case START_OBJECT -> {
                MapNode map = new MapNode(origin);
                Map<String, Node> merged = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String keyOrigin = lineOf(p);
                    p.nextToken();
                    Node value = read(p, join(path, key), anchors, errors);
                    if (key.equals("<<") && (value instanceof MapNode || value instanceof ListNode)) {
                        mergeKey(value, merged, keyOrigin, path, errors);
                        continue;
                    }
                    if (map.entries.containsKey(key)) {
                        errors.add(keyOrigin + ": duplicate key '" + display(join(path, key)) + "' (also at "
                                + map.keyOrigin(key) + ")");
                        continue;
                    }
                    map.put(key, value, keyOrigin);
                }
                merged.forEach((k, v) -> {
                    if (!map.entries.containsKey(k)) {
                        map.put(k, v, origin);
                    }
                });
                node = map;
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, path + "[" + i++ + "]", anchors, errors));
                }
                node = new ListNode(Collections.unmodifiableList(items), origin);
            }
            case VALUE_STRING -> node = ScalarNode.string(p.getText(), origin);
            case VALUE_NUMBER_INT -> node = new ScalarNode(Kind.INT, p.getText(), false, origin);
            case VALUE_NUMBER_FLOAT -> node = new ScalarNode(Kind.FLOAT, p.getText(), false, origin);
            case VALUE_TRUE -> node = new ScalarNode(Kind.BOOL, p.getText(), true, origin);
            case VALUE_FALSE -> node = new ScalarNode(Kind.BOOL, p.getText(), false, origin);
            case VALUE_NULL -> node = new ScalarNode(Kind.NULL, null, false, origin);
            default -> {
                errors.add(origin + ": " + display(path) + ": unsupported YAML value (" + token + ")");
                node = new ScalarNode(Kind.NULL, null, false, origin);
            }
        }
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    /** YAML 1.1 merge key {@code <<: *base} (or a list of them): keys not written in the mapping itself. */
    private static void mergeKey(Node value, Map<String, Node> merged, String origin, String path,
                                 List<String> errors) {
        List<Node> sources = value instanceof ListNode list ? list.items() : List.of(value);
        for (Node source : sources) {
            if (source instanceof MapNode m) {
                m.entries.forEach(merged::putIfAbsent);
            } else {
                errors.add(origin + ": " + display(path) + ": '<<' merges mappings only");
            }
        }
    }

    private static String lineOf(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr();
    }

    private static String syntaxMessage(JsonProcessingException e) {
        StringBuilder out = new StringBuilder();
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            out.append("line ").append(e.getLocation().getLineNr()).append(", column ")
                    .append(e.getLocation().getColumnNr()).append(": ");
        }
        out.append("YAML does not parse: ");
        // SnakeYAML messages carry " in 'reader', line N, column M:" marks, each followed by a snippet and a
        // caret line; keep the prose only.
        String[] lines = String.valueOf(e.getOriginalMessage()).split("\\R");
        List<String> prose = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("in 'reader'") || line.startsWith("in '")) {
                i += 2;
                continue;
            }
            if (!line.isEmpty()) {
                prose.add(line);
            }
        }
        out.append(String.join("; ", prose));
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Java values ↔ tree

    /** A plain Java tree (Map, List, String, Boolean, Number, null) as nodes without origin. */
    static Node fromJava(Object value) {
        if (value instanceof Map<?, ?> map) {
            MapNode node = new MapNode(null);
            map.forEach((k, v) -> node.put(String.valueOf(k), fromJava(v), null));
            return node;
        }
        if (value instanceof List<?> list) {
            List<Node> items = new ArrayList<>();
            for (Object item : list) {
                items.add(fromJava(item));
            }
            return new ListNode(Collections.unmodifiableList(items), null);
        }
        if (value == null) {
            return new ScalarNode(Kind.NULL, null, false, null);
        }
        if (value instanceof Boolean b) {
            return new ScalarNode(Kind.BOOL, b.toString(), b, null);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte) {
            return new ScalarNode(Kind.INT, value.toString(), false, null);
        }
        if (value instanceof Number n) {
            return new ScalarNode(Kind.FLOAT, ConfigRenderer.formatDouble(n.doubleValue()), false, null);
        }
        return ScalarNode.string(value.toString(), null);
    }

    /**
     * The node as a plain Java value: mappings → unmodifiable insertion-ordered maps, lists → unmodifiable
     * lists, integers → Integer, Long or BigInteger, floats → Double, booleans → Boolean, null → null,
     * everything else → String.
     */
    static Object toJava(Node node) {
        if (node instanceof MapNode map) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            map.entries.forEach((k, v) -> out.put(k, toJava(v)));
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof ListNode list) {
            List<Object> out = new ArrayList<>();
            for (Node item : list.items()) {
                out.add(toJava(item));
            }
            return Collections.unmodifiableList(out);
        }
        ScalarNode s = (ScalarNode) node;
        return switch (s.kind()) {
            case NULL -> null;
            case BOOL -> s.bool();
            case STRING -> s.text();
            case INT -> {
                BigInteger big = parseInteger(s.text());
                if (big == null) {
                    yield s.text();
                }
                if (big.bitLength() < 32) {
                    yield big.intValue();
                }
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            case FLOAT -> {
                Double d = parseDouble(s.text());
                yield d == null ? s.text() : d;
            }
        };
    }

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9_]+)([eE][-+]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("[-+]?(\\.inf|\\.Inf|\\.INF|Infinity|inf)");
    private static final Pattern NAN = Pattern.compile("\\.nan|\\.NaN|\\.NAN|NaN|nan");

    /** A decimal integer as YAML writes it ({@code _} separators allowed), or null. */
    static BigInteger parseInteger(String text) {
        if (text == null || !INTEGER.matcher(text).matches()) {
            return null;
        }
        return new BigInteger(text.replace("_", "").replace("+", ""));
    }

    /** A decimal number as YAML writes it, including {@code .inf} and {@code .nan}, or null. */
    static Double parseDouble(String text) {
        if (text == null) {
            return null;
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text.replace("_", ""));
        }
        if (INFINITY.matcher(text).matches()) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (NAN.matcher(text).matches()) {
            return Double.NaN;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Paths

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    /** Appends a key to a dotted path, quoting keys that are not plain words ({@code kafka.properties."a.b"}). */
    static String join(String path, String key) {
        String k = PLAIN_KEY.matcher(key).matches() ? key : "\"" + key.replace("\"", "\\\"") + "\"";
        return path.isEmpty() ? k : path + "." + k;
    }

    /** A path for messages: the root is "(top level)". */
    static String display(String path) {
        return path.isEmpty() ? "(top level)" : path;
    }
}
