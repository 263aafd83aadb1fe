package dev.vigil.bench.jmh;

import dev.vigil.serdes.AgentEventSerde;
import dev.vigil.serdes.event.AgentEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link AgentEventSerde} on the accepted events of the simulator's mix, cycled: what the
 * {@code events-by-entity} repartition topic costs per event to write and to read, in the JSON of
 * format version 1 (the previous build) and the binary of version 2 (this one). Score: nanoseconds
 * per event; the setup prints the mean encoded size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventSerdeBenchmark {
    private static final int SIZE = 4096;

    @Param({"json-v1", "binary-v2"})
    public String format;

    private AgentEvent[] events;
    private byte[][] encoded;
    private int next;

    @Setup
    public void setUp() {
        List<AgentEvent> accepted = Fixtures.acceptedEvents(SIZE);
        events = accepted.toArray(AgentEvent[]::new);
        encoded = new byte[events.length][];
        for (int i = 0; i < events.length; i++) {
            encoded[i] = encode(events[i]);
        }
        System.out.printf("%n[event serde fixture] %s: %.1f bytes per event%n", format, bytesPerEvent());
    }

    double bytesPerEvent() {
        long total = 0;
        for (byte[] b : encoded) {
            total += b.length;
        }
        return (double) total / encoded.length;
    }

    private byte[] encode(AgentEvent event) {
        return "json-v1".equals(format) ? AgentEventSerde.encodeJsonV1(event) : AgentEventSerde.encode(event);
    }

    @Benchmark
    public byte[] encode() {
        AgentEvent e = events[next];
        next = (next + 1) % events.length;
        return encode(e);
    }

    @Benchmark
    public AgentEvent decode() {
        byte[] b = encoded[next];
        next = (next + 1) % encoded.length;
        return AgentEventSerde.decode(b);
    }
}
