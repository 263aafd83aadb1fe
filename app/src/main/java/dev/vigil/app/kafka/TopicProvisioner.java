package dev.vigil.app.kafka;

import dev.vigil.config.VigilConfig;
import dev.vigil.topology.TimestampWindow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the input topic and creates the output topics when missing (docs/dead-letters.md): the dead-letter
 * topic gets a {@code max.message.bytes} no smaller than the input topic's, so every input record,
 * however large, fits there untouched with its error headers.
 */
public final class TopicProvisioner {
    /** Room for the five error headers and record overhead on top of the original record. */
    public static final long DLQ_HEADROOM_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** What start-up learnt about the topics. */
    public record Provisioned(int inputPartitions, long inputMaxMessageBytes, long dlqMaxMessageBytes,
                              TimestampWindow dlqTimestamps) {
        /** The producer's {@code max.request.size}: the largest record Vigil may have to write. */
        public long maxRequestBytes() {
            return Math.max(dlqMaxMessageBytes, inputMaxMessageBytes + DLQ_HEADROOM_BYTES);
        }
    }

    public Provisioned provision(VigilConfig.Topics topics) {
        try {
            TopicDescription input = describe(topics.input());
            int partitions = input.partitions().size();
            long inputMax = maxMessageBytes(topics.input());
            long wantedDlqMax = Math.max(inputMax, topics.maxEventBytes()) + DLQ_HEADROOM_BYTES;
            long dlqMax = ensure(topics.dlq(), partitions, Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(wantedDlqMax)));
            if (dlqMax < inputMax) {
                LOG.warn("Dead-letter topic '{}' has max.message.bytes={} below the input topic's {}: "
                        + "an oversize input record could not be dead-lettered. Raise it.", topics.dlq(),
                        dlqMax, inputMax);
            }
            ensureExists(topics.alerts(), partitions);
            return new Provisioned(partitions, inputMax, dlqMax, timestampWindow(topics.dlq()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }

    private TopicDescription describe(String topic) throws InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("input topic '" + topic + "' does not exist on the cluster; "
                        + "create it (topics.input) before starting Vigil", e.getCause());
            }
            throw new IllegalStateException("cannot describe topic '" + topic + "': " + e.getCause(), e.getCause());
        }
    }

    /** The topic's effective max.message.bytes (its own setting or the broker default). */
    private long maxMessageBytes(String topic) throws InterruptedException {
        return Long.parseLong(config(topic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }

    /**
     * The record timestamps the topic accepts: any under LogAppendTime (the broker stamps them),
     * else its message.timestamp.before.max.ms / after.max.ms (own settings or broker defaults).
     */
    private TimestampWindow timestampWindow(String topic) throws InterruptedException {
        Config config;
        try {
            config = config(topic);
        } catch (IllegalStateException e) {
            // A topic created a moment ago may not be describable yet; it has the broker's defaults,
            // and the broker's own check remains behind this one.
            LOG.debug("cannot read the timestamp settings of topic '{}' yet: {}", topic, e.getMessage());
            return TimestampWindow.ANY;
        }
        if ("LogAppendTime".equals(value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))) {
            return TimestampWindow.ANY;
        }
        String before = value(config, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG);
        String after = value(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
        return TimestampWindow.of(before == null ? Long.MAX_VALUE : Long.parseLong(before),
                after == null ? Long.MAX_VALUE : Long.parseLong(after));
    }

    private static String value(Config config, String name) {
        var entry = config.get(name);
        return entry == null ? null : entry.value();
    }

    private Config config(String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return admin.describeConfigs(Set.of(resource)).all().get().get(resource);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the configuration of topic '" + topic + "': "
                    + e.getCause(), e.getCause());
        }
    }

    private void ensureExists(String topic, int partitions) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
            LOG.info("Created topic '{}' ({} partitions)", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic '" + topic + "': " + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * Creates the topic if missing.
     *
     * @return its effective max.message.bytes: the one we set when we created it (a fresh topic's
     *         configuration may not be describable yet), else the one the cluster reports
     */
    private long ensure(String topic, int partitions, Map<String, String> configs) throws InterruptedException {
        Collection<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
        }
        if (!existing.contains(topic)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                        .configs(configs))).all().get();
                LOG.info("Created topic '{}' ({} partitions, {})", topic, partitions, configs);
                String max = configs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (max != null) {
                    return Long.parseLong(max);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic '" + topic + "': " + e.getCause(),
                            e.getCause());
                }
            }
        }
        return maxMessageBytes(topic);
    }
}
