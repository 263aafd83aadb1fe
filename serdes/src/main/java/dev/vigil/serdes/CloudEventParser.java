package dev.vigil.serdes;

import org.apache.kafka.common.header.Headers;

/**
 * Kafka record (value, headers, timestamp) → CloudEvent → typed {@link dev.vigil.serdes.event.AgentEvent},
 * or a {@link ParseResult.Invalid} with the CONTRACT §6 reason decided in the contract's order.
 * Thread-safe and stateless apart from its configuration.
 */
public final class CloudEventParser {

    private final long maxEventBytes;

    /** @param maxEventBytes values larger than this are rejected as {@code too_large} */
    public CloudEventParser(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * @param value           the record value (may be null)
     * @param headers         the record headers (never modified)
     * @param recordTimestamp the Kafka record timestamp, used as event time when {@code time} is absent
     */
    public ParseResult parse(byte[] value, Headers headers, long recordTimestamp) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
