package dev.vigil.aggregates;

import dev.vigil.aggregates.metric.BucketKind;
import dev.vigil.aggregates.metric.HistogramBounds;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.PriceCatalogue;
import dev.vigil.config.VigilConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of {@code aggregates} configuration that the aggregate math needs, converted once into
 * the forms the hot path uses (milliseconds, bucket arrays), so no update re-reads durations or lists.
 *
 * @param graceMs              {@code aggregates.grace}
 * @param windowsMs            {@code aggregates.windows}, in configuration order
 * @param durationBounds       {@code aggregates.buckets.duration_seconds}
 * @param callLatencyBounds    {@code aggregates.buckets.call_latency_seconds}
 * @param costBounds           {@code aggregates.buckets.cost_usd}
 * @param maxSeriesPerMetric   {@code aggregates.max_series_per_metric}
 * @param browserPool          {@code aggregates.browser_pool}
 * @param configuredCapacities {@code aggregates.pools.<pool>.capacity}, in configuration order
 * @param prices               the shipped price catalogue with {@code aggregates.model_prices} over it
 */
public record AggregatesSettings(long graceMs, List<Long> windowsMs, HistogramBounds durationBounds,
                                 HistogramBounds callLatencyBounds, HistogramBounds costBounds, int maxSeriesPerMetric,
                                 String browserPool,
                                 Map<String, Long> configuredCapacities, PriceTable prices) {

    public AggregatesSettings {
        windowsMs = List.copyOf(windowsMs);
        for (long w : windowsMs) {
            if (w <= 0) {
                throw new IllegalArgumentException("window lengths must be positive: " + windowsMs);
            }
        }
        if (windowsMs.stream().distinct().count() != windowsMs.size()) {
            throw new IllegalArgumentException("window lengths must be distinct: " + windowsMs);
        }
        Objects.requireNonNull(durationBounds, "durationBounds");
        Objects.requireNonNull(callLatencyBounds, "callLatencyBounds");
        Objects.requireNonNull(costBounds, "costBounds");
        if (maxSeriesPerMetric < 1) {
            throw new IllegalArgumentException("max series per metric must be at least 1: " + maxSeriesPerMetric);
        }
        Objects.requireNonNull(browserPool, "browserPool");
        configuredCapacities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configuredCapacities));
        Objects.requireNonNull(prices, "prices");
    }

    /** The settings of a loaded configuration. */
    public static AggregatesSettings from(VigilConfig.Aggregates a) {
        Map<String, Long> capacities = new LinkedHashMap<>();
        a.pools().forEach((pool, p) -> capacities.put(pool, p.capacity()));
        return new AggregatesSettings(a.grace().toMillis(), a.windows().stream().map(Duration::toMillis).toList(),
                HistogramBounds.of(a.buckets().durationSeconds()), HistogramBounds.of(a.buckets().callLatencySeconds()),
                HistogramBounds.of(a.buckets().costUsd()),
                a.maxSeriesPerMetric(), a.browserPool(), capacities, PriceTable.of(a.modelPrices(), PriceCatalogue.standard()));
    }

    /** The settings of the default configuration ({@code vigil.example.yaml}). */
    public static AggregatesSettings defaults() {
        return from(ConfigLoader.defaults().aggregates());
    }

    /** The bucket bounds of a histogram kind. */
    public HistogramBounds bounds(BucketKind kind) {
        return switch (kind) {
            case DURATION -> durationBounds;
            case CALL_LATENCY -> callLatencyBounds;
            case COST -> costBounds;
        };
    }

    /** These settings with another cardinality cap (tests, tools). */
    public AggregatesSettings withMaxSeriesPerMetric(int max) {
        return new AggregatesSettings(graceMs, windowsMs, durationBounds, callLatencyBounds, costBounds, max, browserPool,
                configuredCapacities, prices);
    }
}
