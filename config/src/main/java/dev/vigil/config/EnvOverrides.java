package dev.vigil.config;

import dev.vigil.config.Schema.EntryMap;
import dev.vigil.config.Schema.Key;
import dev.vigil.config.Schema.Leaf;
import dev.vigil.config.Schema.PropertyMap;
import dev.vigil.config.Schema.RawList;
import dev.vigil.config.Schema.ScalarList;
import dev.vigil.config.Schema.Section;
import dev.vigil.config.Tree.ListNode;
import dev.vigil.config.Tree.MapNode;
import dev.vigil.config.Tree.Node;
import dev.vigil.config.Tree.ScalarNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code VIGIL_<PATH>} environment overrides, applied over the merged file and defaults.
 *
 * <p>The name after {@code VIGIL_} is split at {@code _} and matched, case-insensitively, against the key tree;
 * since key names contain {@code _} themselves, the longest key that leads to a complete match wins
 * ({@code VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT} → {@code observability.metrics.prometheus_port}).
 * Entries of {@code aggregates.pools} and {@code aggregates.model_prices} are named between the map and the field:
 * {@code VIGIL_AGGREGATES_POOLS_GPU_CAPACITY} → {@code aggregates.pools.gpu.capacity}; the name is an existing
 * entry whose name, upper-cased with every character other than a letter or digit turned into {@code _},
 * is the same ({@code GPT_4O} → {@code gpt-4o}), else the name lower-cased. Kafka properties:
 * {@code VIGIL_KAFKA_PROPERTIES_SASL_MECHANISM} → {@code kafka.properties."sasl.mechanism"} (lower-cased,
 * {@code _} → {@code .}; again an existing property that matches wins). An entry added this way joins the
 * entries of the file (or of the defaults). Lists are comma-separated ({@code VIGIL_AGGREGATES_WINDOWS=5m,1h},
 * items trimmed, an empty value is an empty list). {@code alerts.rules} cannot be set from the environment.
 *
 * <p>Values are strings, typed and validated like YAML values. A {@code VIGIL_} variable that names no key does not
 * stop start-up: it is ignored and reported ({@link ConfigLoader.IgnoredVariable}, with a "did you mean" where a
 * key is close), so that a typo stays visible in {@code check-config} and in the start-up log. Not reported: the
 * launcher's variables ({@link ConfigLoader#NON_CONFIG_ENV}) and the service-link variables Kubernetes injects for
 * Services named {@code vigil} or {@code vigil-*} ({@link ServiceLinks}: {@code VIGIL_SERVICE_HOST},
 * {@code VIGIL_PORT_9090_TCP_ADDR}, {@code VIGIL_HEADLESS_SERVICE_PORT}, ...). A key always wins over those
 * shapes: a variable that names a key is an override, whatever it looks like.
 */
final class EnvOverrides {
    private EnvOverrides() {
    }

    private record Target(List<String> keys, Key key) {
        Target {
            keys = List.copyOf(keys);
        }

        String path() {
            String path = "";
            for (String k : keys) {
                path = Tree.join(path, k);
            }
            return path;
        }
    }

    /**
     * @param errors  gets one line per bad value (the variable named)
     * @param ignored gets the variables that name no key and are not Kubernetes service links, sorted by name
     */
    static void apply(MapNode root, Map<String, String> env, List<String> errors,
                      List<ConfigLoader.IgnoredVariable> ignored) {
        if (env == null) {
            return;
        }
        List<String> names = env.keySet().stream()
                .filter(n -> n.startsWith(ConfigLoader.ENV_PREFIX))
                .filter(n -> !ConfigLoader.NON_CONFIG_ENV.contains(n))
                .sorted()
                .toList();
        for (String name : names) {
            String value = env.get(name);
            Target target = resolve(name.substring(ConfigLoader.ENV_PREFIX.length()), root);
            if (target == null) {
                if (!ServiceLinks.isServiceLink(name, value)) {
                    ignored.add(new ConfigLoader.IgnoredVariable(name, hint(name)));
                }
            } else if (target.key() instanceof RawList) {
                errors.add(name + ": " + target.path()
                        + " cannot be set from the environment (it is a list of mappings); set it in the file");
            } else {
                set(root, target.keys(), valueNode(target.key(), value == null ? "" : value, name), name);
            }
        }
    }

    private static Target resolve(String rest, MapNode root) {
        String[] tokens = rest.toUpperCase(Locale.ROOT).split("_", -1);
        return resolveSection(Schema.ROOT, root, tokens, 0, List.of());
    }

    private static Target resolveSection(Section section, MapNode node, String[] tokens, int at,
                                         List<String> keys) {
        List<Map.Entry<String, Key>> fields = new ArrayList<>(section.fields().entrySet());
        fields.sort(Comparator.comparingInt((Map.Entry<String, Key> e) -> tokenCount(e.getKey())).reversed());
        for (Map.Entry<String, Key> field : fields) {
            String[] fieldTokens = field.getKey().toUpperCase(Locale.ROOT).split("_");
            if (!startsWith(tokens, at, fieldTokens)) {
                continue;
            }
            int next = at + fieldTokens.length;
            List<String> childKeys = append(keys, field.getKey());
            Node child = node == null ? null : node.get(field.getKey());
            MapNode childMap = child instanceof MapNode m ? m : null;
            Target found = null;
            Key key = field.getValue();
            if (key instanceof Section s) {
                found = next < tokens.length ? resolveSection(s, childMap, tokens, next, childKeys) : null;
            } else if (key instanceof EntryMap entryMap) {
                found = resolveEntry(entryMap, childMap, tokens, next, childKeys);
            } else if (key instanceof PropertyMap) {
                found = resolveProperty(childMap, tokens, next, childKeys);
            } else if (next == tokens.length) {
                found = new Target(childKeys, key);
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Target resolveEntry(EntryMap entryMap, MapNode node, String[] tokens, int at, List<String> keys) {
        List<String> fields = new ArrayList<>(entryMap.entry().fields().keySet());
        fields.sort(Comparator.comparingInt(EnvOverrides::tokenCount).reversed());
        for (String field : fields) {
            String[] fieldTokens = field.toUpperCase(Locale.ROOT).split("_");
            int nameEnd = tokens.length - fieldTokens.length;
            if (nameEnd <= at || !startsWith(tokens, nameEnd, fieldTokens)) {
                continue;
            }
            String[] nameTokens = Arrays.copyOfRange(tokens, at, nameEnd);
            if (Arrays.asList(nameTokens).contains("")) {
                continue;
            }
            String name = existing(node, nameTokens);
            if (name == null) {
                name = String.join("_", nameTokens).toLowerCase(Locale.ROOT);
            }
            return new Target(append(append(keys, name), field), entryMap.entry().fields().get(field));
        }
        return null;
    }

    private static Target resolveProperty(MapNode node, String[] tokens, int at, List<String> keys) {
        if (at >= tokens.length) {
            return null;
        }
        String[] nameTokens = Arrays.copyOfRange(tokens, at, tokens.length);
        if (Arrays.asList(nameTokens).contains("")) {
            return null;
        }
        String name = existing(node, nameTokens);
        if (name == null) {
            name = String.join(".", nameTokens).toLowerCase(Locale.ROOT);
        }
        return new Target(append(keys, name), new Leaf());
    }

    /** An existing key whose environment spelling is the tokens joined by {@code _}. */
    private static String existing(MapNode node, String[] tokens) {
        if (node == null) {
            return null;
        }
        String wanted = String.join("_", tokens);
        for (String key : node.entries.keySet()) {
            if (key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_").equals(wanted)) {
                return key;
            }
        }
        return null;
    }

    private static Node valueNode(Key key, String value, String origin) {
        if (key instanceof ScalarList) {
            List<Node> items = new ArrayList<>();
            if (!value.isBlank()) {
                for (String item : value.split(",", -1)) {
                    items.add(ScalarNode.string(item.strip(), origin));
                }
            }
            return new ListNode(Collections.unmodifiableList(items), origin);
        }
        return ScalarNode.string(value, origin);
    }

    /** Sets the value, copying the mappings on the way (they may be shared, e.g. through YAML aliases). */
    private static void set(MapNode root, List<String> keys, Node value, String origin) {
        MapNode current = root;
        for (String key : keys.subList(0, keys.size() - 1)) {
            Node child = current.get(key);
            MapNode next = child instanceof MapNode m ? m.copy() : new MapNode(origin);
            current.put(key, next, null);
            current = next;
        }
        current.put(keys.get(keys.size() - 1), value, origin);
    }

    /** What the variable probably meant, or null. */
    private static String hint(String name) {
        List<String> candidates = Schema.settablePaths().stream().map(Schema::envName).toList();
        String close = Suggest.closest(name, candidates);
        if (close != null) {
            return "did you mean " + close + "?";
        }
        String pools = Schema.envName("aggregates.pools");
        String prices = Schema.envName("aggregates.model_prices");
        String properties = Schema.envName("kafka.properties");
        if (name.startsWith(pools)) {
            return "a pool is set field by field: " + pools + "_<NAME>_CAPACITY";
        }
        if (name.startsWith(prices)) {
            return "a model price is set field by field: " + prices + "_<MODEL>_INPUT_PER_MTOK, "
                    + prices + "_<MODEL>_OUTPUT_PER_MTOK";
        }
        if (name.startsWith(properties)) {
            return "a Kafka property is set as " + properties + "_<NAME>, e.g. " + properties
                    + "_SASL_MECHANISM";
        }
        return null;
    }

    private static int tokenCount(String key) {
        return key.split("_").length;
    }

    private static boolean startsWith(String[] tokens, int at, String[] prefix) {
        if (at + prefix.length > tokens.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!tokens[at + i].equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
