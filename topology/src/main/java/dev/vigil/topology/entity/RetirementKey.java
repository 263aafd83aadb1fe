package dev.vigil.topology.entity;

import dev.vigil.topology.ExpiryIndex;
import java.util.Objects;

/**
 * A key of the {@code entity-retirement} store: an entity that ended, at the stream time it ended,
 * so that its state is deleted one retention later. The encoded key is an {@link ExpiryIndex} key
 * whose id is a two-character kind tag and the entity's key in its state store:
 * {@code <16 hex digits of the time>t|<task id>}, {@code …s|<step key>}, {@code …l|<lease id>}.
 * Keys are an upgrade contract; this type is the only place that writes or reads them.
 *
 * @param endedAtMs stream time at which the entity ended; the index holds no time before 0, so
 *                  an earlier time is stored, and read back, as 0
 * @param key       the entity's key in its state store (a task or lease id, an encoded step key)
 */
record RetirementKey(long endedAtMs, Kind kind, String key) {

    /** The kinds of entity that end, each with the state store its key belongs to. */
    enum Kind {
        TASK("t|"),
        STEP("s|"),
        LEASE("l|");

        private static final int TAG_LENGTH = 2;
        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        static Kind fromTag(String tag) {
            for (Kind k : values()) {
                if (k.tag.equals(tag)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown entity kind '" + tag + "'");
        }
    }

    RetirementKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }

    /** The store key. */
    String encode() {
        return ExpiryIndex.key(endedAtMs, kind.tag + key);
    }

    /**
     * The key of {@link #encode()}.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a retirement key
     */
    static RetirementKey decode(String encoded) {
        String entity;
        long time;
        try {
            entity = ExpiryIndex.id(encoded);
            time = ExpiryIndex.time(encoded);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a retirement key: '" + encoded + "'", e);
        }
        if (entity.length() < Kind.TAG_LENGTH) {
            throw new IllegalArgumentException("not a retirement key: '" + encoded + "'");
        }
        return new RetirementKey(time, Kind.fromTag(entity.substring(0, Kind.TAG_LENGTH)),
                entity.substring(Kind.TAG_LENGTH));
    }
}
