package dev.vigil.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of CONTRACT §9, immutable, built and validated once at start-up by
 * {@link ConfigLoader}. Nothing else in Vigil reads YAML, {@code Properties} or the environment.
 */
public record VigilConfig(Kafka kafka, Topics topics, Aggregates aggregates, Alerts alerts,
                          Observability observability) {

    /** {@code kafka}: where and how to connect. */
    public record Kafka(String bootstrapServers, String applicationId, ProcessingGuarantee processingGuarantee,
                        Map<String, String> properties) {
    }

    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2("exactly_once_v2"), AT_LEAST_ONCE("at_least_once");

        private final String wireName;

        ProcessingGuarantee(String wireName) {
            this.wireName = wireName;
        }

        /** Also the value of Kafka Streams' {@code processing.guarantee}. */
        public String wireName() {
            return wireName;
        }
    }

    /** {@code topics}: the three external topics of CONTRACT §1 and the input size limit. */
    public record Topics(String input, String alerts, String dlq, long maxEventBytes) {
    }

    /** {@code aggregates}: windows, grace, dedup horizon, buckets, pools, prices, cardinality cap. */
    public record Aggregates(Duration grace, Duration dedupHorizon, List<Duration> windows, String browserPool,
                             int maxSeriesPerMetric, Map<String, Pool> pools, Map<String, ModelPrice> modelPrices,
                             Buckets buckets) {
    }

    public record Pool(long capacity) {
    }

    /** USD per million tokens. */
    public record ModelPrice(double inputPerMtok, double outputPerMtok) {
    }

    /** Histogram bucket upper bounds in seconds, fixed so that series of all instances aggregate. */
    public record Buckets(List<Double> durationSeconds, List<Double> callLatencySeconds) {
    }

    /** {@code alerts}: the rules, kept as parsed YAML maps until the alerting module types them. */
    public record Alerts(List<Map<String, Object>> rules) {
    }

    /** {@code observability}: the seed block of CONTRACT §7. */
    public record Observability(Tracing tracing, Metrics metrics, Logging logging) {
    }

    public record Tracing(boolean enabled, String exporter, String endpoint, String jaegerEndpoint,
                          double sampleRate) {
    }

    public record Metrics(boolean enabled, String exporter, int prometheusPort) {
    }

    public record Logging(boolean enabled, String format, String level, String exporter, String lokiUrl) {
    }
}
