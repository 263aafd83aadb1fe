package dev.vigil.aggregates.entity;

import static dev.vigil.aggregates.Events.T0;
import static dev.vigil.aggregates.Events.acquired;
import static dev.vigil.aggregates.Events.released;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.ReleaseReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeasesTest {
    private LeaseState state;

    private static SeriesUpdate active(String agent, int delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_LEASES, "browser", agent), delta);
    }

    private static SeriesUpdate held(String pool, double seconds) {
        return new SeriesUpdate.Observe(SeriesKey.of(Metric.LEASE_HELD_SECONDS, pool), seconds);
    }

    private static SeriesUpdate expired(String pool) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.LEASE_EXPIRED_TOTAL, pool), 1);
    }

    private List<SeriesUpdate> acquire(long t, String agent, Long ttl) {
        Transition<LeaseState> tr = Leases.apply(state, acquired(t, agent, ttl), false);
        state = tr.next();
        return tr.updates();
    }

    private List<SeriesUpdate> release(long t, ReleaseReason reason) {
        return release(t, "browser", reason);
    }

    private List<SeriesUpdate> release(long t, String pool, ReleaseReason reason) {
        Transition<LeaseState> tr = Leases.apply(state, released(t, pool, reason), false);
        state = tr.next();
        return tr.updates();
    }

    private List<SeriesUpdate> expire(long streamTime) {
        Transition<LeaseState> tr = Leases.expire(state, streamTime);
        state = tr.next();
        return tr.updates();
    }

    @Test
    void acquiredThenReleased() {
        assertThat(acquire(T0, "planner", null)).containsExactly(active("planner", 1));
        assertThat(state.isActive()).isTrue();
        assertThat(release(T0 + 2500, ReleaseReason.RELEASED))
                .containsExactly(active("planner", -1), held("browser", 2.5));
        assertThat(state.isActive()).isFalse();
        assertThat(state.isEnded()).isTrue();
    }

    @Test
    void leaseWithoutAgentIsLabelledUnknown() {
        assertThat(acquire(T0, null, null)).containsExactly(active(Leases.UNKNOWN_AGENT, 1));
        assertThat(release(T0 + 1000, null)).containsExactly(active("unknown", -1), held("browser", 1.0));
    }

    @Test
    void releaseWithReasonExpiredBeforeTtlHoldsReleasedMinusAcquiredAndCountsExpired() {
        acquire(T0, "planner", 60_000L);
        assertThat(release(T0 + 1000, ReleaseReason.EXPIRED))
                .containsExactly(active("planner", -1), held("browser", 1.0), expired("browser"));
        assertThat(Leases.expiresAt(state)).isEmpty();
    }

    @Test
    void releasedBeforeAcquiredStaysReleasedAndObservesOnAcquired() {
        assertThat(release(T0 + 3000, ReleaseReason.RELEASED)).isEmpty();
        assertThat(state.isEnded()).isTrue();
        assertThat(acquire(T0, "planner", 1000L)).containsExactly(held("browser", 3.0));
        assertThat(state.isActive()).isFalse();
        assertThat(Leases.expiresAt(state)).isEmpty();
        assertThat(expire(T0 + 10_000)).isEmpty();
    }

    @Test
    void releasedWithReasonExpiredBeforeAcquiredCountsExpiredAtOnce() {
        assertThat(release(T0 + 3000, ReleaseReason.EXPIRED)).containsExactly(expired("browser"));
        assertThat(acquire(T0, "planner", null)).containsExactly(held("browser", 3.0));
    }

    @Test
    void poolLabelsComeFromTheAcquisitionWhenKnownElseFromTheRelease() {
        assertThat(release(T0 + 3000, "gpu", ReleaseReason.EXPIRED)).containsExactly(expired("gpu"));
        assertThat(state.poolLabel()).isEqualTo("gpu");
        assertThat(acquire(T0, "planner", null)).containsExactly(held("browser", 3.0));
        assertThat(state.poolLabel()).isEqualTo("browser");
        state = null;
        acquire(T0, "planner", null);
        assertThat(release(T0 + 1000, "gpu", ReleaseReason.EXPIRED))
                .containsExactly(active("planner", -1), held("browser", 1.0), expired("browser"));
    }

    @Test
    void heldTimeIsNotBelowZero() {
        release(T0, ReleaseReason.RELEASED);
        assertThat(acquire(T0 + 5000, "planner", null)).containsExactly(held("browser", 0.0));
        state = null;
        acquire(T0 + 5000, "planner", null);
        assertThat(release(T0, ReleaseReason.RELEASED)).containsExactly(active("planner", -1), held("browser", 0.0));
    }

    @Test
    void secondReleaseChangesNothing() {
        acquire(T0, "planner", null);
        release(T0 + 1000, ReleaseReason.RELEASED);
        LeaseState before = state;
        assertThat(release(T0 + 2000, ReleaseReason.EXPIRED)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void secondAcquiredAndAcquiredAfterObservedChangeNothing() {
        acquire(T0, "planner", null);
        LeaseState before = state;
        assertThat(acquire(T0 + 1, "other", null)).isEmpty();
        assertThat(state).isEqualTo(before);
        release(T0 + 1000, null);
        before = state;
        assertThat(acquire(T0 + 2, "other", null)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void expiresExactlyWhenStreamTimeReachesAcquiredPlusTtl() {
        acquire(T0, "planner", 30_000L);
        assertThat(Leases.expiresAt(state)).hasValue(T0 + 30_000);
        LeaseState before = state;
        assertThat(expire(T0 + 29_999)).isEmpty();
        assertThat(state).isEqualTo(before);
        assertThat(expire(T0 + 30_000))
                .containsExactly(active("planner", -1), expired("browser"), held("browser", 30.0));
        assertThat(state.ttlExpired()).isTrue();
        assertThat(state.isEnded()).isTrue();
        assertThat(Leases.expiresAt(state)).isEmpty();
        assertThat(expire(T0 + 60_000)).isEmpty();
    }

    @Test
    void releaseAfterTtlExpiryChangesNothing() {
        acquire(T0, "planner", 1000L);
        expire(T0 + 5000);
        LeaseState before = state;
        assertThat(release(T0 + 6000, ReleaseReason.EXPIRED)).isEmpty();
        assertThat(release(T0 + 7000, ReleaseReason.RELEASED)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void leasesWithoutTtlNeverExpire() {
        acquire(T0, "planner", null);
        assertThat(Leases.expiresAt(state)).isEmpty();
        assertThat(expire(Long.MAX_VALUE)).isEmpty();
        assertThat(Leases.expiresAt(LeaseState.initial())).isEmpty();
    }

    @ParameterizedTest(name = "late {0}")
    @CsvSource({"true", "false"})
    void lateLeaseEventsAreCounted(boolean late) {
        Transition<LeaseState> a = Leases.apply(null, acquired(T0, "planner", null), late);
        Transition<LeaseState> r = Leases.apply(a.next(), released(T0 + 1000, null), late);
        assertThat(a.updates().contains(Lateness.counted(EventType.LEASE_ACQUIRED))).isEqualTo(late);
        assertThat(r.updates().contains(Lateness.counted(EventType.LEASE_RELEASED))).isEqualTo(late);
        assertThat(a.updates()).startsWith(active("planner", 1));
    }
}
