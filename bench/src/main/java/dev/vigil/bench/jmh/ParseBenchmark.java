package dev.vigil.bench.jmh;

import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.ParseResult;
import dev.vigil.simulator.ContentMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CloudEvent parse and validate ({@link CloudEventParser#parse}): Kafka value and headers to a typed
 * event, every check of docs/events.md and docs/dead-letters.md included, on accepted records of the
 * simulator's mix in one content mode. Score: records per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBenchmark {
    /** A power of two, so the index wraps with a mask. */
    private static final int RECORDS = 8192;

    @Param({"binary", "structured"})
    public String mode;

    private final CloudEventParser parser = new CloudEventParser();
    private byte[][] values;
    private Headers[] headers;
    private long[] timestamps;
    private int next;

    @Setup
    public void setUp() {
        List<Fixtures.Wire> records = Fixtures.acceptedRecords(
                "binary".equals(mode) ? ContentMode.BINARY : ContentMode.STRUCTURED, RECORDS);
        values = new byte[RECORDS][];
        headers = new Headers[RECORDS];
        timestamps = new long[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            values[i] = records.get(i).value();
            headers[i] = records.get(i).headers();
            timestamps[i] = records.get(i).timestamp();
        }
    }

    @Benchmark
    public ParseResult parse() {
        int i = next;
        next = (i + 1) & (RECORDS - 1);
        return parser.parse(values[i], headers[i], timestamps[i]);
    }
}
