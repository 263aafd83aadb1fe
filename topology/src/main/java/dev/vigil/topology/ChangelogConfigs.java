package dev.vigil.topology;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Topic configurations of the changelogs Kafka Streams creates for Vigil's stores, on top of Kafka
 * Streams' own ({@code cleanup.policy=compact}, or {@code compact,delete} with a retention for the
 * dedup window store). Kafka Streams applies them when it creates a changelog; it does not change an
 * existing topic (docs/configuration.md, Internal topics, says how to apply them to one).
 *
 * <p>Why: the broker compacts and deletes whole closed segments only, and a segment closes at
 * {@code segment.bytes} (1 GiB) or {@code segment.ms} (7 days) by default. A store's changelog
 * therefore kept every update ever written until it held a gigabyte, and a restore (a crash under
 * exactly-once restores an instance's whole state) read them all: in the crash runs of
 * RELIABILITY.md the key-value changelogs held several updates per live entry, and restore time grew
 * with the run rather than with the state.
 */
final class ChangelogConfigs {
    /**
     * Key-value stores: a segment closes after a minute, so the log cleaner may compact everything but
     * the last minute of updates; a restore reads about the live entries (at most twice them, at the
     * cleaner's default {@code min.cleanable.dirty.ratio} of 0.5) plus one minute of writes. The
     * broker's cost is a few more segment files per partition between two cleanings.
     */
    static final Duration KEY_VALUE_SEGMENT = Duration.ofMinutes(1);
    /**
     * The dedup window store, whose keys are all distinct (compaction removes nothing): a segment closes
     * after an hour, so expired ids leave the changelog within an hour of their retention (the dedup
     * horizon plus Kafka Streams' {@code windowstore.changelog.additional.retention.ms}) instead of
     * staying for up to a week of a quiet topic.
     */
    static final Duration DEDUP_SEGMENT = Duration.ofHours(1);

    private ChangelogConfigs() {
    }

    static Map<String, String> keyValue() {
        return Map.of(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(KEY_VALUE_SEGMENT.toMillis()));
    }

    static Map<String, String> dedup() {
        return Map.of(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(DEDUP_SEGMENT.toMillis()));
    }
}
