package dev.vigil.serdes.event;

import java.util.Objects;

/**
 * The dedup identity of docs/events.md, ({@code source}, {@code id}), as the key of the
 * {@code dedup-seen} store: {@code <length of source>:<source><id>}, the length in UTF-16 code
 * units. {@code source} may contain any character; the length prefix keeps the pair unambiguous.
 * Keys are an upgrade contract; this type is the only place that writes or reads them.
 */
record DedupKey(String source, String id) {
    public DedupKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }

    /** The identity of an event. */
    public static DedupKey of(EventMeta meta) {
        return new DedupKey(meta.source(), meta.id());
    }

    /** The store key. */
    public String encode() {
        return source.length() + ":" + source + id;
    }

    /**
     * The key of {@link #encode()}.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a dedup key
     */
    public static DedupKey decode(String encoded) {
        try {
            int colon = encoded.indexOf(':');
            int length = Integer.parseInt(encoded, 0, colon, 10);
            int start = colon + 1;
            return new DedupKey(encoded.substring(start, start + length), encoded.substring(start + length));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a dedup key: '" + encoded + "'", e);
        }
    }
}
