package dev.vigil.app.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How a clean stop leaves the consumer group:
 *
 * <pre>{@code
 * streams.close(ClosePolicy.closeOptions(props, Duration.ofSeconds(30)));
 * }</pre>
 *
 * <p>A <b>dynamic</b> member (no {@code group.instance.id}) leaves the group, so its partitions move
 * to the other instances, or back to it when it restarts, at once. Kafka Streams' own default on the
 * classic protocol is to stay, which only helps a static member: a dynamic one comes back with a new
 * member id, so the coordinator waits out the old one's session ({@code session.timeout.ms}, 45 s)
 * before anyone gets its partitions, and a restarted instance is not ready for that long. A
 * <b>static</b> member (the Kubernetes manifests set {@code group.instance.id} to the pod name) stays,
 * so a restart within the session takes its partitions back without a rebalance.
 */
public final class ClosePolicy {
    /** Where {@code group.instance.id} can be set for the main consumer, most specific first. */
    private static final List<String> INSTANCE_ID_KEYS = List.of(
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    private ClosePolicy() {
    }

    /** Leave the group unless the main consumer is a static member. */
    public static GroupMembershipOperation membershipOnClose(Properties streamsProperties) {
        for (String key : INSTANCE_ID_KEYS) {
            Object id = streamsProperties.get(key);
            if (id != null) {
                return id.toString().isBlank() ? GroupMembershipOperation.LEAVE_GROUP
                        : GroupMembershipOperation.REMAIN_IN_GROUP;
            }
        }
        return GroupMembershipOperation.LEAVE_GROUP;
    }

    /** The close options for these properties, with the given timeout. */
    public static CloseOptions closeOptions(Properties streamsProperties, Duration timeout) {
        return CloseOptions.groupMembershipOperation(membershipOnClose(streamsProperties)).withTimeout(timeout);
    }
}
