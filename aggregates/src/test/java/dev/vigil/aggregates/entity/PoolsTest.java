package dev.vigil.aggregates.entity;

import static dev.vigil.aggregates.Events.T0;
import static dev.vigil.aggregates.Events.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolsTest {
    private PoolState state;

    private static SeriesUpdate capacity(long c) {
        return new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_CAPACITY, "browser"), c);
    }

    private static SeriesUpdate healthy(long h) {
        return new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_HEALTHY, "browser"), h);
    }

    private List<SeriesUpdate> apply(long t, long capacity, Long healthy) {
        Transition<PoolState> tr = Pools.apply(state, pool(t, capacity, healthy), false);
        state = tr.next();
        return tr.updates();
    }

    @Test
    void firstStatusSetsCapacityAndHealthy() {
        assertThat(apply(T0, 20, 18L)).containsExactly(capacity(20), healthy(18));
        assertThat(state).isEqualTo(new PoolState(T0, 20, 18L));
    }

    @Test
    void healthyIsUnknownUntilAStatusGivesIt() {
        assertThat(apply(T0, 20, null)).containsExactly(capacity(20));
        assertThat(state.healthy()).isNull();
    }

    @Test
    void absentFieldKeepsItsPreviousValue() {
        apply(T0, 20, 18L);
        assertThat(apply(T0 + 1000, 25, null)).containsExactly(capacity(25));
        assertThat(state).isEqualTo(new PoolState(T0 + 1000, 25, 18L));
    }

    @Test
    void olderStatusArrivingLaterIsIgnored() {
        apply(T0 + 1000, 20, 18L);
        PoolState before = state;
        assertThat(apply(T0, 5, 1L)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void tieOnTimeLaterArrivalWins() {
        apply(T0, 20, 18L);
        assertThat(apply(T0, 10, 9L)).containsExactly(capacity(10), healthy(9));
        assertThat(state).isEqualTo(new PoolState(T0, 10, 9L));
    }

    @Test
    void lateStatusIsCountedAndStillApplies() {
        Transition<PoolState> tr = Pools.apply(null, pool(T0, 3, null), true);
        assertThat(tr.updates()).containsExactly(capacity(3), Lateness.counted(EventType.POOL_STATUS));
        Transition<PoolState> older = Pools.apply(tr.next(), pool(T0 - 1, 4, null), true);
        assertThat(older.updates()).containsExactly(Lateness.counted(EventType.POOL_STATUS));
    }
}
