package dev.vigil.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Adds up the {@link Expected} verdicts of records into a {@link GroundTruth}. Thread-safe. */
public final class TruthAccumulator {

    private final long seed;
    private final Map<String, Map<String, Long>> events = new LinkedHashMap<>();
    private final Map<String, Long> dlq = new LinkedHashMap<>();
    private long records;

    public TruthAccumulator(long seed) {
        this.seed = seed;
    }

    public void add(SimRecord record) {
        add(record.expected());
    }

    public synchronized void add(Expected e) {
        records++;
        events.computeIfAbsent(e.typeLabel(), k -> new LinkedHashMap<>()).merge(e.outcome().label(), 1L, Long::sum);
        if (e.reason() != null) {
            dlq.merge(e.reason().label(), 1L, Long::sum);
        }
    }

    public synchronized long records() {
        return records;
    }

    /** The truth of the records added so far. */
    public synchronized GroundTruth snapshot() {
        return new GroundTruth(seed, records, events, dlq, Map.of());
    }
}
