package dev.vigil.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatenessTest {

    @ParameterizedTest(name = "event {0}, stream {1}, grace {2} -> late {3}")
    @CsvSource({
            "1000, 1000, 300, false",   // the event itself set stream time
            "700,  1000, 300, false",   // exactly stream time - grace: still on time
            "699,  1000, 300, true",    // one ms earlier: late
            "0,    1000, 0,   true",    // no grace: anything behind stream time is late
            "1000, 1000, 0,   false",
    })
    void lateWhenEarlierThanStreamTimeMinusGrace(long event, long stream, long grace, boolean late) {
        assertThat(Lateness.isLate(event, stream, grace)).isEqualTo(late);
    }

    @ParameterizedTest
    @CsvSource({"TASK_STATUS_CHANGED", "CALL_COMPLETED", "POOL_STATUS"})
    void countsLateEventsByWireType(EventType type) {
        assertThat(Lateness.counted(type)).isEqualTo(
                new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_LATE_EVENTS_TOTAL, type.wireName()), 1));
    }
}
