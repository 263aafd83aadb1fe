package dev.vigil.aggregates;

import dev.vigil.config.VigilConfig;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Model prices ({@code aggregates.model_prices}, USD per million tokens), used to cost a call that
 * has no {@code cost_usd} of its own. A model that is not in the table has no price: the caller
 * counts it at 0 and as unpriced, never with a guessed price.
 */
public record PriceTable(Map<String, VigilConfig.ModelPrice> prices) {
    private static final double PER_MILLION = 1e6;

    public PriceTable {
        prices = Map.copyOf(Objects.requireNonNull(prices, "prices"));
    }

    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /**
     * {@code input_tokens × input_per_mtok / 1e6 + output_tokens × output_per_mtok / 1e6}, computed
     * in that order (docs/aggregates.md), or empty when the model has no price.
     */
    public OptionalDouble cost(String modelName, long inputTokens, long outputTokens) {
        VigilConfig.ModelPrice price = prices.get(modelName);
        if (price == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(inputTokens * price.inputPerMtok() / PER_MILLION
                + outputTokens * price.outputPerMtok() / PER_MILLION);
    }
}
