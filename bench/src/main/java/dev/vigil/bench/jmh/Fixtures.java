package dev.vigil.bench.jmh;

import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.simulator.ContentMode;
import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.Outcome;
import dev.vigil.simulator.SimRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Benchmark inputs drawn from the simulator's realistic mix (seeded, so every fork sees the same data). */
final class Fixtures {
    static final long SEED = 42L;

    private Fixtures() {
    }

    /** A Kafka record as the parser sees it. */
    record Wire(byte[] value, Headers headers, long timestamp) {
    }

    /**
     * The first {@code count} accepted (valid, first-seen) records of the given content mode.
     * {@link ContentMode#STRUCTURED} includes the header-less structured records.
     */
    static List<Wire> acceptedRecords(ContentMode mode, int count) {
        EventGenerator generator = new EventGenerator(SEED, GeneratorOptions.defaults());
        List<Wire> out = new ArrayList<>(count);
        while (out.size() < count) {
            SimRecord r = generator.next();
            if (r.expected().outcome() != Outcome.ACCEPTED) {
                continue;
            }
            ContentMode m = r.expected().mode() == ContentMode.STRUCTURED_HEADERLESS
                    ? ContentMode.STRUCTURED : r.expected().mode();
            if (m == mode) {
                out.add(new Wire(r.value(), headers(r), r.timestamp()));
            }
        }
        return out;
    }

    /** The first {@code count} accepted events, parsed, in publication order (what the entity stage sees). */
    static List<AgentEvent> acceptedEvents(int count) {
        EventGenerator generator = new EventGenerator(SEED, GeneratorOptions.defaults());
        CloudEventParser parser = new CloudEventParser();
        List<AgentEvent> out = new ArrayList<>(count);
        while (out.size() < count) {
            SimRecord r = generator.next();
            if (r.expected().outcome() != Outcome.ACCEPTED) {
                continue;
            }
            ParseResult result = parser.parse(r.value(), headers(r), r.timestamp());
            if (!(result instanceof ParseResult.Valid valid)) {
                throw new IllegalStateException("the simulator expected a valid record, the parser said " + result);
            }
            out.add(valid.event());
        }
        return out;
    }

    static Headers headers(SimRecord r) {
        return new RecordHeaders(r.headers().toArray(new Header[0]));
    }
}
