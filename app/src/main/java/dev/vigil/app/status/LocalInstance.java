package dev.vigil.app.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance as the summary lists it: its address, Kafka Streams state, active tasks and the
 * partitions they read, and its consumer lag.
 */
public final class LocalInstance implements Supplier<SummaryPart.Instance> {
    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    private final KafkaStreams streams;
    private final HostInfo self;

    public LocalInstance(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public SummaryPart.Instance get() {
        List<String> tasks = new ArrayList<>();
        int partitions = 0;
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                tasks.add(task.taskId().toString());
                partitions += task.topicPartitions().size();
            }
        }
        tasks.sort(null);
        return new SummaryPart.Instance(self.host() + ":" + self.port(), streams.state().name(), tasks, partitions,
                consumerLag(streams.metrics()));
    }

    /**
     * The sum of the stream threads' per-partition {@code records-lag}, the Kafka consumer metric
     * {@code /metrics} exposes as {@code kafka_consumer_fetch_manager_records_lag}. The restore
     * consumers are left out: their lag is restoration, not input waiting. Null before any fetch.
     */
    static Long consumerLag(Map<MetricName, ? extends Metric> metrics) {
        Long lag = null;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!"records-lag".equals(name.name()) || !FETCH_GROUP.equals(name.group())
                    || !name.tags().containsKey("partition")) {
                continue;
            }
            String client = name.tags().getOrDefault("client-id", "");
            if (!client.endsWith("-consumer") || client.endsWith("-restore-consumer")) {
                continue;
            }
            if (e.getValue().metricValue() instanceof Double value && Double.isFinite(value)) {
                lag = (lag == null ? 0 : lag) + value.longValue();
            }
        }
        return lag;
    }
}
