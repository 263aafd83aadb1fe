package dev.vigil.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Simulator#run} publishes, and where.
 *
 * @param bootstrapServers   Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param topic              the input topic (default {@code agent-events})
 * @param seed               the generator seed
 * @param events             how many records to publish (valid, duplicate and bad alike); 0 = until stopped
 * @param ratePerSecond      records per second; 0 = as fast as possible
 * @param start              the simulated clock's start; null = {@link GeneratorOptions#DEFAULT_START} (pass
 *                           {@code Instant.now()} for a live demo). It is also the record timestamps' start: the
 *                           broker's time-based retention and {@code message.timestamp.*.max.ms} apply to it
 * @param includeTooLarge    whether to publish {@code too_large} records; null = ask the broker whether the topic's
 *                           {@code max.message.bytes} takes them
 * @param maxEventBytes      Vigil's {@code topics.max_event_bytes}; 0 = the default 1,048,576
 * @param producerProperties extra Kafka producer properties (e.g. security); {@code acks}, idempotence and the
 *                           serializers are fixed
 * @param truth              the Vigil settings the metric truth is computed for; null = Vigil's defaults. Its
 *                           {@code partitions} is replaced by the topic's partition count, read from the broker
 */
public record SimulatorOptions(String bootstrapServers, String topic, long seed, long events, double ratePerSecond,
                               Instant start, Boolean includeTooLarge, long maxEventBytes,
                               Map<String, String> producerProperties, TruthSettings truth) {

    public static final String DEFAULT_TOPIC = "agent-events";

    public SimulatorOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        topic = topic == null || topic.isBlank() ? DEFAULT_TOPIC : topic;
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0 (0 = unbounded), not " + events);
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be >= 0 (0 = unthrottled), not " + ratePerSecond);
        }
        start = start == null ? GeneratorOptions.DEFAULT_START : start;
        maxEventBytes = maxEventBytes == 0 ? GeneratorOptions.DEFAULT_MAX_EVENT_BYTES : maxEventBytes;
        if (maxEventBytes < GeneratorOptions.MIN_MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("maxEventBytes must be >= " + GeneratorOptions.MIN_MAX_EVENT_BYTES);
        }
        producerProperties = producerProperties == null ? Map.of() : Map.copyOf(producerProperties);
        truth = truth == null ? TruthSettings.defaults(1) : truth;
    }

    /** Without {@code truth}: the metric truth is computed for Vigil's default settings. */
    public SimulatorOptions(String bootstrapServers, String topic, long seed, long events, double ratePerSecond,
                            Instant start, Boolean includeTooLarge, long maxEventBytes,
                            Map<String, String> producerProperties) {
        this(bootstrapServers, topic, seed, events, ratePerSecond, start, includeTooLarge, maxEventBytes,
                producerProperties, null);
    }

    /** Topic {@code agent-events}, seed 42, 10,000 records, unthrottled, fixed start, too-large per the broker. */
    public static SimulatorOptions defaults(String bootstrapServers) {
        return new SimulatorOptions(bootstrapServers, DEFAULT_TOPIC, 42L, 10_000L, 0.0, null, null, 0L, Map.of(),
                null);
    }

    public SimulatorOptions withTopic(String v) {
        return new SimulatorOptions(bootstrapServers, v, seed, events, ratePerSecond, start, includeTooLarge,
                maxEventBytes, producerProperties, truth);
    }

    public SimulatorOptions withSeed(long v) {
        return new SimulatorOptions(bootstrapServers, topic, v, events, ratePerSecond, start, includeTooLarge,
                maxEventBytes, producerProperties, truth);
    }

    public SimulatorOptions withEvents(long v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, v, ratePerSecond, start, includeTooLarge,
                maxEventBytes, producerProperties, truth);
    }

    public SimulatorOptions withRatePerSecond(double v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, events, v, start, includeTooLarge,
                maxEventBytes, producerProperties, truth);
    }

    public SimulatorOptions withStart(Instant v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, events, ratePerSecond, v, includeTooLarge,
                maxEventBytes, producerProperties, truth);
    }

    public SimulatorOptions withIncludeTooLarge(Boolean v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, events, ratePerSecond, start, v,
                maxEventBytes, producerProperties, truth);
    }

    public SimulatorOptions withMaxEventBytes(long v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, events, ratePerSecond, start, includeTooLarge,
                v, producerProperties, truth);
    }

    public SimulatorOptions withProducerProperties(Map<String, String> v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, events, ratePerSecond, start, includeTooLarge,
                maxEventBytes, v, truth);
    }

    public SimulatorOptions withTruth(TruthSettings v) {
        return new SimulatorOptions(bootstrapServers, topic, seed, events, ratePerSecond, start, includeTooLarge,
                maxEventBytes, producerProperties, v);
    }
}
