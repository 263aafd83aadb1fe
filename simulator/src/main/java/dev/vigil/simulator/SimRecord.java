package dev.vigil.simulator;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * One Kafka record to publish, and what Vigil must make of it.
 *
 * @param key       the record key (the entity key), or null
 * @param value     the record value, or null
 * @param headers   the record headers in order (Kafka {@link org.apache.kafka.common.header.internals.RecordHeader}s),
 *                  read-only
 * @param expected  the contract's verdict
 * @param timestamp the record timestamp (epoch ms): the simulated clock when the record is published. It is the
 *                  event time of events without {@code time}.
 */
public record SimRecord(byte[] key, byte[] value, List<Header> headers, Expected expected, long timestamp) {
    public SimRecord {
        headers = List.copyOf(headers);
        Objects.requireNonNull(expected, "expected");
    }

    /** The size of the value in bytes, 0 for null. */
    public int valueSize() {
        return value == null ? 0 : value.length;
    }
}
