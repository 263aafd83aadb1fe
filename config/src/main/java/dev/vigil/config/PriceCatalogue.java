package dev.vigil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model prices Vigil ships ({@value #RESOURCE}): input, output and cached-input prices of widely
 * used models, each with the date it was checked and where from. {@code aggregates.model_prices}
 * entries override or extend it (docs/metrics.md, Cost).
 *
 * <pre>{@code
 * PriceCatalogue catalogue = PriceCatalogue.standard();
 * Map<String, Double> inputPrices = catalogue.entries().stream()
 *         .collect(Collectors.toMap(PriceCatalogue.Entry::model, e -> e.price().inputPerMtok()));
 * }</pre>
 *
 * <p>Loaded and checked once per process: a malformed file is a build defect, so it fails the first
 * use with the entry and the field at fault rather than pricing anything wrong.
 */
public final class PriceCatalogue {
    /** The class-path resource. */
    public static final String RESOURCE = "vigil/model-prices.json";

    /**
     * One model's prices.
     *
     * @param aliases other exact names of the same model at the same price (for example dated snapshots)
     * @param checked the date the prices were read from {@code source}
     */
    public record Entry(String model, String vendor, VigilConfig.ModelPrice price, List<String> aliases,
                        LocalDate checked, String source, String note) {
        public Entry {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(price, "price");
            aliases = List.copyOf(aliases);
        }
    }

    private static final class Holder {
        static final PriceCatalogue STANDARD = load();
    }

    private final List<Entry> entries;

    private PriceCatalogue(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalogue shipped in this build. */
    public static PriceCatalogue standard() {
        return Holder.STANDARD;
    }

    /** A catalogue of the given entries (tests, tools). */
    public static PriceCatalogue of(List<Entry> entries) {
        return new PriceCatalogue(entries);
    }

    /** The entries, in the file's order (by vendor, then model). */
    public List<Entry> entries() {
        return entries;
    }

    /** The oldest {@code checked} date of the entries: how stale the catalogue may be. */
    public LocalDate oldestCheck() {
        return entries.stream().map(Entry::checked).min(LocalDate::compareTo).orElse(null);
    }

    private static PriceCatalogue load() {
        try (InputStream in = PriceCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price catalogue " + RESOURCE + " is not on the class path");
            }
            return parse(JsonMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price catalogue " + RESOURCE, e);
        }
    }

    /** Parses and checks a catalogue document ({@code {"entries": [...]}}). */
    static PriceCatalogue parse(JsonNode root) {
        JsonNode list = root.path("entries");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": 'entries' must be a non-empty list");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (JsonNode node : list) {
            String model = text(node, "model", null);
            String where = RESOURCE + ", entry '" + model + "'";
            VigilConfig.ModelPrice price = new VigilConfig.ModelPrice(price(node, "input_per_mtok", where),
                    price(node, "output_per_mtok", where), price(node, "cached_input_per_mtok", where));
            List<String> aliases = new ArrayList<>();
            for (JsonNode alias : node.path("aliases")) {
                aliases.add(alias.asText());
            }
            LocalDate checked;
            try {
                checked = LocalDate.parse(text(node, "checked", where));
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(where + ": 'checked' must be a date (YYYY-MM-DD)", e);
            }
            for (String name : concat(model, aliases)) {
                String previous = names.putIfAbsent(name, model);
                if (previous != null) {
                    throw new IllegalStateException(where + ": the name '" + name + "' is also entry '" + previous + "'");
                }
            }
            entries.add(new Entry(model, text(node, "vendor", where), price, aliases, checked,
                    text(node, "source", where), node.path("note").asText("")));
        }
        return new PriceCatalogue(entries);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException((where == null ? RESOURCE + ", an entry" : where) + ": '" + field
                    + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static double price(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !(value.asDouble() >= 0) || Double.isInfinite(value.asDouble())) {
            throw new IllegalStateException(where + ": '" + field + "' must be a finite number >= 0 (USD per million tokens)");
        }
        return value.asDouble();
    }
}
