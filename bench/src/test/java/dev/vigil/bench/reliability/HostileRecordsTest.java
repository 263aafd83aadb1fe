package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.ParseResult;
import dev.vigil.simulator.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The hostile generator is reproducible, makes every kind of hostile record, puts values on both sides
 * of the size limit, and every record it makes gets a verdict from Vigil's parser (the run's input,
 * checked without a broker); where it claims to know the verdict, the parser agrees.
 */
class HostileRecordsTest {
    private static final int N = 6_000;
    private static final CloudEventParser PARSER = new CloudEventParser(HostileInputRun.MAX_EVENT_BYTES);

    @Test
    void theSameSeedGivesTheSameRecords() {
        HostileRecords a = new HostileRecords(7, HostileInputRun.MAX_EVENT_BYTES);
        HostileRecords b = new HostileRecords(7, HostileInputRun.MAX_EVENT_BYTES);
        for (int i = 0; i < 1_000; i++) {
            HostileRecords.Hostile x = a.next();
            HostileRecords.Hostile y = b.next();
            assertThat(y.value()).as("record %d", i).isEqualTo(x.value());
            assertThat(y.key()).isEqualTo(x.key());
            assertThat(HostileInputRun.sameHeaders(x.headers(), y.headers())).isTrue();
            assertThat(y.kind()).isEqualTo(x.kind());
        }
    }

    @Test
    void everyKindIsMadeAndValuesLandEitherSideOfTheLimit() {
        HostileRecords g = new HostileRecords(20261206L, HostileInputRun.MAX_EVENT_BYTES);
        Map<String, Integer> kinds = new HashMap<>();
        int below = 0;
        int above = 0;
        int known = 0;
        for (int i = 0; i < N; i++) {
            HostileRecords.Hostile h = g.next();
            kinds.merge(h.kind(), 1, Integer::sum);
            int size = h.value() == null ? 0 : h.value().length;
            if (h.kind().equals("size_edge")) {
                if (size <= HostileInputRun.MAX_EVENT_BYTES) {
                    below++;
                } else {
                    above++;
                }
            }
            known += h.known() ? 1 : 0;
        }
        assertThat(kinds).containsKeys("truncated", "nested", "attribute", "data_field", "bad_utf8", "extreme_time",
                "headers", "content_type", "empty_or_null", "size_edge", "random_bytes", "resent", "several",
                "simulator-accepted", "simulator-duplicate", "simulator-invalid", "nasty_string", "boundary_number");
        assertThat(below).isPositive();
        assertThat(above).isPositive();
        assertThat(known).isBetween(N / 5, N / 2);
    }

    @Test
    void everyRecordGetsAVerdictAndKnownVerdictsHold() {
        HostileRecords g = new HostileRecords(20261206L, HostileInputRun.MAX_EVENT_BYTES);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            HostileRecords.Hostile h = g.next();
            RecordHeaders headers = new RecordHeaders();
            h.headers().forEach(headers::add);
            ParseResult r;
            try {
                r = PARSER.parse(h.value(), headers, h.timestamp());
            } catch (RuntimeException | StackOverflowError e) {
                wrong.add("record " + i + " (" + h.kind() + ") threw " + e);
                continue;
            }
            assertThat(r).isNotNull();
            if (h.outcome() == Outcome.INVALID) {
                if (!(r instanceof ParseResult.Invalid invalid) || !invalid.reason().wireName().equals(h.reason())) {
                    wrong.add("record " + i + " (" + h.kind() + ") must be " + h.reason() + ", is " + r);
                }
            } else if (h.known() && r instanceof ParseResult.Invalid invalid) {
                wrong.add("record " + i + " (" + h.kind() + ") must be valid, is " + invalid);
            }
        }
        assertThat(wrong).isEmpty();
    }
}
