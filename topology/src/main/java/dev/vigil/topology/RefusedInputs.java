package dev.vigil.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Input records whose output the broker refused, by source topic, partition and offset: shared by
 * the production exception handler, which notes them, and the processors, which then write
 * nothing more for them.
 *
 * <p>Under {@code exactly_once_v2} a refused record poisons its transaction: the producer cannot
 * commit it, Kafka Streams aborts and replaces the thread, and the task processes the same input
 * again. Without this memory the same output would be refused again, forever. With it, the second
 * pass skips the refused output (a dead letter is logged and counted, not written), and the input
 * moves on. Under {@code at_least_once} the refused record is simply dropped on the first pass.
 *
 * <p>Held in memory, at most {@link #CAPACITY} entries (the oldest forgotten first): an entry is
 * needed only until the task has re-processed its input, seconds later. After a process restart
 * the first pass fails once more, and is noted again. Thread-safe: the handler runs on the
 * producer's I/O thread, processors on stream threads.
 */
public final class RefusedInputs {
    static final int CAPACITY = 10_000;

    private final Set<String> refused = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > CAPACITY;
                }
            }));
    private volatile boolean unhandled;

    /** Notes that output of this input record was refused. */
    public void add(String topic, int partition, long offset) {
        refused.add(key(topic, partition, offset));
        unhandled = true;
    }

    /** Whether output of this input record was refused before. */
    public boolean contains(String topic, int partition, long offset) {
        return refused.contains(key(topic, partition, offset));
    }

    /**
     * True once after each new refusal: the stream thread that fails next fails because of it, and
     * is worth replacing (its task will skip the refused output on the second pass).
     */
    public boolean takeNewRefusal() {
        boolean was = unhandled;
        unhandled = false;
        return was;
    }

    private static String key(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
