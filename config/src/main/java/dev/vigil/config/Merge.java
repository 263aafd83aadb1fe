package dev.vigil.config;

import dev.vigil.config.Schema.EntryMap;
import dev.vigil.config.Schema.Key;
import dev.vigil.config.Schema.PropertyMap;
import dev.vigil.config.Schema.Section;
import dev.vigil.config.Tree.Kind;
import dev.vigil.config.Tree.MapNode;
import dev.vigil.config.Tree.Node;
import dev.vigil.config.Tree.ScalarNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a file's tree over the defaults' tree: sections merge key by key (a file that sets part of a section
 * keeps the defaults for the rest); scalars, lists and the maps {@code pools}, {@code model_prices},
 * {@code kafka.properties} are replaced whole. An empty (null) section or map counts as an empty mapping.
 * Unknown keys are reported with a did-you-mean and left out.
 */
final class Merge {
    private Merge() {
    }

    static MapNode merge(MapNode defaults, MapNode file, List<String> errors) {
        return (MapNode) merge(Schema.ROOT, defaults, file, "", errors);
    }

    private static Node merge(Key key, Node base, Node over, String path, List<String> errors) {
        if (key instanceof Section section) {
            if (isNull(over)) {
                return base;
            }
            if (!(over instanceof MapNode map)) {
                errors.add(Binder.at(over) + Tree.display(path) + ": must be a mapping (key: value), not "
                        + over.shape());
                return base;
            }
            MapNode out = base instanceof MapNode b ? b.copy() : new MapNode(map.origin());
            map.entries.forEach((name, value) -> {
                Key child = section.fields().get(name);
                if (child == null) {
                    errors.add(Binder.at(map.keyOrigin(name)) + unknownKey(path, name, section));
                    return;
                }
                out.put(name, merge(child, out.get(name), value, Tree.join(path, name), errors),
                        map.keyOrigin(name));
            });
            return out;
        }
        if (key instanceof EntryMap entryMap) {
            if (isNull(over)) {
                return new MapNode(over.origin());
            }
            if (!(over instanceof MapNode map)) {
                errors.add(Binder.at(over) + path + ": must be a mapping of names to "
                        + String.join("/", entryMap.entry().fields().keySet()) + ", not " + over.shape());
                return base;
            }
            MapNode out = new MapNode(map.origin());
            map.entries.forEach((name, value) -> {
                String entryPath = Tree.join(path, name);
                if (isNull(value)) {
                    out.put(name, new MapNode(map.keyOrigin(name)), map.keyOrigin(name));
                } else if (value instanceof MapNode fields) {
                    out.put(name, merge(entryMap.entry(), new MapNode(map.keyOrigin(name)), fields, entryPath, errors),
                            map.keyOrigin(name));
                } else {
                    errors.add(Binder.at(value) + entryPath + ": must be a mapping ("
                            + String.join(", ", entryMap.entry().fields().keySet()) + "), not " + value.shape());
                }
            });
            return out;
        }
        if (key instanceof PropertyMap propertyMap) {
            if (isNull(over)) {
                return new MapNode(over.origin());
            }
            if (!(over instanceof MapNode map)) {
                errors.add(Binder.at(over) + path + ": must be a mapping of " + propertyMap.what() + ", not "
                        + over.shape());
                return base;
            }
            return map.copy();
        }
        return over;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.kind() == Kind.NULL;
    }

    /** {@code unknown key 'aggregates.grase' (did you mean 'aggregates.grace'?)}. */
    static String unknownKey(String path, String name, Section section) {
        String full = Tree.join(path, name);
        String sibling = Suggest.closest(name, section.fields().keySet());
        if (sibling != null) {
            return "unknown key '" + full + "' (did you mean '" + Tree.join(path, sibling) + "'?)";
        }
        // Perhaps the right key in the wrong section: `grace` at the top level.
        List<String> elsewhere = new ArrayList<>();
        List<String> lastSegments = new ArrayList<>();
        for (String p : Schema.allPaths()) {
            elsewhere.add(p);
            lastSegments.add(p.substring(p.lastIndexOf('.') + 1));
        }
        String last = Suggest.closest(name, lastSegments);
        if (last != null && name.length() > 2) {
            String where = elsewhere.get(lastSegments.indexOf(last));
            return "unknown key '" + full + "' (did you mean '" + where + "'?)";
        }
        return "unknown key '" + full + "' (valid keys " + (path.isEmpty() ? "at the top level" : "in " + path)
                + ": " + String.join(", ", section.fields().keySet()) + ")";
    }
}
