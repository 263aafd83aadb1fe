package dev.vigil.bench.jmh;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.serdes.event.AgentEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Aggregate update: each accepted event through the entity state machine and the series stage
 * ({@link InMemoryPipeline}), on hash maps. One invocation replays the same {@value #EVENTS} events
 * from empty state (a replay onto filled state would only see duplicates of ended entities), so
 * series creation and the cardinality cap are part of the figure. {@code serialized=true} adds
 * the state value codecs and the two repartition encodings (event, series batch). Score: events
 * per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AggregateBenchmark {
    static final int EVENTS = 20_000;

    @Param({"false", "true"})
    public boolean serialized;

    private final AggregatesSettings settings = AggregatesSettings.defaults();
    private List<AgentEvent> events;

    @Setup
    public void setUp() {
        events = Fixtures.acceptedEvents(EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long update() {
        InMemoryPipeline pipeline = new InMemoryPipeline(settings, serialized, null);
        long applied = 0;
        for (AgentEvent event : events) {
            applied += pipeline.apply(event);
        }
        return applied;
    }
}
