package dev.vigil.serdes;

import org.apache.kafka.common.header.Headers;

/** The error headers that docs/dead-letters.md adds to a dead-lettered record. */
public final class DeadLetters {
    public static final String REASON = "vigil.error.reason";
    public static final String DETAIL = "vigil.error.detail";
    public static final String TOPIC = "vigil.error.topic";
    public static final String PARTITION = "vigil.error.partition";
    public static final String OFFSET = "vigil.error.offset";

    private DeadLetters() {
    }

    /**
     * Adds the five error headers (UTF-8 strings) after the record's own headers, which stay as
     * they were.
     */
    public static Headers addErrorHeaders(Headers headers, DlqReason reason, String detail,
                                          String topic, int partition, long offset) {
        headers.add(REASON, utf8(reason.wireName()));
        headers.add(DETAIL, utf8(detail));
        headers.add(TOPIC, utf8(topic));
        headers.add(PARTITION, utf8(Integer.toString(partition)));
        headers.add(OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
