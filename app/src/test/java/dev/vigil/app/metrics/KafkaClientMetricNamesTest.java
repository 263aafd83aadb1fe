package dev.vigil.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Kafka client meters reach the registry, and under which names. */
class KafkaClientMetricNamesTest {
    private static final List<String> NAMES = List.of(
            "kafka.stream.state.put.rate", "kafka.stream.state.estimate.num.keys",
            "kafka.stream.thread.commit.total", "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.producer.io.time.ns.total", "kafka.producer.connection.count", "jvm.unrelated.state.put");

    @Test
    void perStoreMetricsAndSubSecondTimingsStayOutByDefault() {
        assertThat(registered(false)).containsExactlyInAnyOrder("kafka.stream.thread.commit.total",
                "kafka.consumer.fetch.manager.records.lag.max", "kafka.producer.connections", "jvm.unrelated.state.put");
    }

    @Test
    void storeMetricsTrueKeepsThePerStoreMetrics() {
        assertThat(registered(true)).containsExactlyInAnyOrder("kafka.stream.state.put.rate",
                "kafka.stream.state.estimate.num.keys", "kafka.stream.thread.commit.total",
                "kafka.consumer.fetch.manager.records.lag.max", "kafka.producer.connections", "jvm.unrelated.state.put");
    }

    @Test
    void aKafkaMeterWithoutDescriptionStaysOut() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new KafkaClientMetricNames(true));
        Gauge.builder("kafka.consumer.node.request.rate", () -> 1.0).register(registry);
        assertThat(registry.getMeters()).isEmpty();
    }

    private static List<String> registered(boolean storeMetrics) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new KafkaClientMetricNames(storeMetrics));
        for (String name : NAMES) {
            Gauge.builder(name, () -> 1.0).description("a Kafka metric").register(registry);
        }
        return registry.getMeters().stream().map(m -> m.getId().getName()).toList();
    }
}
