package dev.vigil.bench.jmh;

import dev.vigil.serdes.AgentEventSerde;
import dev.vigil.serdes.event.AgentEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link AgentEventSerde} on the accepted events of the simulator's mix, cycled: what the
 * {@code events-by-entity} repartition topic costs per event to write and to read, in the binary of
 * format version 2. Score: nanoseconds per event; the setup prints the mean encoded size. (The JSON
 * of version 1 it was once compared with is gone: BENCHMARKS.md keeps that comparison's results.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventSerdeBenchmark {
    private static final int SIZE = 4096;

    private AgentEvent[] events;
    private byte[][] encoded;
    private int next;

    @Setup
    public void setUp() {
        List<AgentEvent> accepted = Fixtures.acceptedEvents(SIZE);
        events = accepted.toArray(AgentEvent[]::new);
        encoded = new byte[events.length][];
        for (int i = 0; i < events.length; i++) {
            encoded[i] = AgentEventSerde.encode(events[i]);
        }
        System.out.printf("%n[event serde fixture] format v%d: %.1f bytes per event%n", AgentEventSerde.FORMAT_VERSION,
                bytesPerEvent());
    }

    double bytesPerEvent() {
        long total = 0;
        for (byte[] b : encoded) {
            total += b.length;
        }
        return (double) total / encoded.length;
    }

    @Benchmark
    public byte[] encode() {
        AgentEvent e = events[next];
        next = (next + 1) % events.length;
        return AgentEventSerde.encode(e);
    }

    @Benchmark
    public AgentEvent decode() {
        byte[] b = encoded[next];
        next = (next + 1) % encoded.length;
        return AgentEventSerde.decode(b);
    }
}
