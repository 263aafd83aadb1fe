package dev.vigil.aggregates;

import dev.vigil.config.PriceCatalogue;
import dev.vigil.config.VigilConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective model prices (USD per million tokens), used to cost a call that has no
 * {@code cost_usd} of its own: the shipped {@link PriceCatalogue} with {@code aggregates.model_prices}
 * over it. A model found in neither has no price: the caller counts it at 0 and as unpriced, never
 * with a guessed price.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.of(Map.of("my-model", new ModelPrice(1.0, 2.0)), PriceCatalogue.standard());
 * prices.cost("gpt-4o-2024-08-06", 1_000, 200, 50);   // priced as gpt-4o: 800 input, 200 cached, 50 output
 * }</pre>
 *
 * <p>How a call's {@code model_name} finds its price (docs/metrics.md, Cost), first match wins:
 * <ol>
 *   <li>a configured entry of that exact name;</li>
 *   <li>a catalogue entry of that name or alias (its canonical name is then looked up in the
 *       configuration first, so configuring {@code gpt-4o} reprices its dated aliases too);</li>
 *   <li>the name without a trailing snapshot suffix ({@code -2024-08-06}, {@code -20241022},
 *       {@code -0613}, {@code @20250514}), looked up as in 1 and 2.</li>
 * </ol>
 * Nothing else: no fuzzy or prefix matching, so {@code gpt-4o-mini} never takes {@code gpt-4o}'s price.
 */
public final class PriceTable {
    private static final double PER_MILLION = 1e6;
    /** A dated snapshot suffix: -YYYY-MM-DD, -YYYYMMDD or -MMDD (also after '@', as Vertex AI names them). */
    private static final Pattern SNAPSHOT = Pattern.compile("^(.+?)[-@](\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4})$");

    /** Where a price came from. */
    public enum Origin {
        CONFIGURED, CATALOGUE
    }

    /** A model name's price and the entry that gave it. */
    public record Resolved(String entry, VigilConfig.ModelPrice price, Origin origin) {
    }

    private final Map<String, VigilConfig.ModelPrice> configured;
    /** Catalogue names and aliases → canonical name. */
    private final Map<String, String> catalogueNames;
    private final Map<String, VigilConfig.ModelPrice> catalogue;

    private PriceTable(Map<String, VigilConfig.ModelPrice> configured, PriceCatalogue source) {
        // In configuration order, which vigil prices prints.
        this.configured = java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(configured, "configured")));
        Map<String, String> names = new HashMap<>();
        Map<String, VigilConfig.ModelPrice> prices = new LinkedHashMap<>();
        for (PriceCatalogue.Entry e : source.entries()) {
            prices.put(e.model(), e.price());
            names.put(e.model(), e.model());
            e.aliases().forEach(alias -> names.put(alias, e.model()));
        }
        this.catalogueNames = Map.copyOf(names);
        this.catalogue = java.util.Collections.unmodifiableMap(prices);
    }

    /** The configured prices over a catalogue. */
    public static PriceTable of(Map<String, VigilConfig.ModelPrice> configured, PriceCatalogue catalogue) {
        return new PriceTable(configured, catalogue);
    }

    /** Only the configured prices, no catalogue (tests). */
    public static PriceTable configuredOnly(Map<String, VigilConfig.ModelPrice> configured) {
        return new PriceTable(configured, PriceCatalogue.of(java.util.List.of()));
    }

    public static PriceTable empty() {
        return configuredOnly(Map.of());
    }

    /** The configured entries ({@code aggregates.model_prices}). */
    public Map<String, VigilConfig.ModelPrice> configured() {
        return configured;
    }

    /** The catalogue's entries by canonical name, in the catalogue's order. */
    public Map<String, VigilConfig.ModelPrice> catalogue() {
        return catalogue;
    }

    /** The price of a model name, by the rules of the class comment. */
    public Optional<Resolved> resolve(String modelName) {
        Resolved exact = exact(modelName);
        if (exact != null) {
            return Optional.of(exact);
        }
        Matcher m = SNAPSHOT.matcher(modelName);
        return m.matches() ? Optional.ofNullable(exact(m.group(1))) : Optional.empty();
    }

    private Resolved exact(String name) {
        VigilConfig.ModelPrice own = configured.get(name);
        if (own != null) {
            return new Resolved(name, own, Origin.CONFIGURED);
        }
        String canonical = catalogueNames.get(name);
        if (canonical == null) {
            return null;
        }
        VigilConfig.ModelPrice reconfigured = configured.get(canonical);
        return reconfigured != null ? new Resolved(canonical, reconfigured, Origin.CONFIGURED)
                : new Resolved(canonical, catalogue.get(canonical), Origin.CATALOGUE);
    }

    /**
     * {@code (input_tokens − cached_input_tokens) × input_per_mtok / 1e6 + cached_input_tokens ×
     * cached_input_per_mtok / 1e6 + output_tokens × output_per_mtok / 1e6}, computed in that order
     * (docs/metrics.md), or empty when the model has no price. A price without a cached rate prices
     * cached tokens as input.
     *
     * @param cachedInputTokens part of {@code inputTokens}, 0 when the call reports none
     */
    public OptionalDouble cost(String modelName, long inputTokens, long cachedInputTokens, long outputTokens) {
        Optional<Resolved> resolved = resolve(modelName);
        if (resolved.isEmpty()) {
            return OptionalDouble.empty();
        }
        VigilConfig.ModelPrice price = resolved.get().price();
        return OptionalDouble.of((inputTokens - cachedInputTokens) * price.inputPerMtok() / PER_MILLION
                + cachedInputTokens * price.effectiveCachedInputPerMtok() / PER_MILLION
                + outputTokens * price.outputPerMtok() / PER_MILLION);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceTable t && configured.equals(t.configured) && catalogueNames.equals(t.catalogueNames)
                && catalogue.equals(t.catalogue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(configured, catalogueNames, catalogue);
    }

    @Override
    public String toString() {
        return "PriceTable[configured=" + configured.keySet() + ", catalogue=" + catalogue.size() + " models]";
    }
}
