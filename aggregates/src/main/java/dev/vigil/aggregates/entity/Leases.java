package dev.vigil.aggregates.entity;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.ReleaseReason;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The lease state machine of docs/aggregates.md ("Leases"): a lease is active from its acquisition
 * until released or expired, ends at most once, stays ended when its acquisition arrives after its
 * release, and observes its held time once both ends are known.
 *
 * <p>TTL expiry is driven by the caller: before applying each record of a partition, the topology
 * calls {@link #expire} on every active lease whose {@link #expiresAt} is ≤ the partition's stream
 * time (including the arriving record), then applies the record.
 */
public final class Leases {
    /** The {@code agent_name} of a lease acquired without one. */
    public static final String UNKNOWN_AGENT = "unknown";

    private Leases() {
    }

    /**
     * Applies a lease acquisition.
     *
     * @param prev the lease's state, or null for a lease not seen before
     * @param late whether the event is late (only counted in {@code vigil_late_events_total})
     */
    public static Transition<LeaseState> apply(LeaseState prev, LeaseAcquired event, boolean late) {
        LeaseState s = prev == null ? LeaseState.initial() : prev;
        List<SeriesUpdate> updates = new ArrayList<>(2);
        LeaseState next = s;
        if (!s.acquired()) {
            long t = event.meta().time().toEpochMilli();
            String agent = event.agentName() != null ? event.agentName() : UNKNOWN_AGENT;
            long ttl = event.ttlMs() != null ? event.ttlMs() : 0;
            next = new LeaseState(true, t, event.pool(), agent, ttl, s.released(), s.releasedAtMs(), s.releasedPool(),
                    s.reason(), false);
            if (s.released()) {
                updates.add(held(event.pool(), Durations.elapsedSeconds(t, s.releasedAtMs())));
            } else {
                updates.add(active(event.pool(), agent, 1));
            }
        }
        if (late) {
            updates.add(Lateness.counted(EventType.LEASE_ACQUIRED));
        }
        return new Transition<>(next, updates);
    }

    /**
     * Applies a lease release.
     *
     * @param prev the lease's state, or null for a lease not seen before
     * @param late whether the event is late (only counted in {@code vigil_late_events_total})
     */
    public static Transition<LeaseState> apply(LeaseState prev, LeaseReleased event, boolean late) {
        LeaseState s = prev == null ? LeaseState.initial() : prev;
        List<SeriesUpdate> updates = new ArrayList<>(4);
        LeaseState next = s;
        if (!s.isEnded()) {
            long t = event.meta().time().toEpochMilli();
            next = new LeaseState(s.acquired(), s.acquiredAtMs(), s.pool(), s.agentName(), s.ttlMs(), true, t,
                    event.pool(), event.reason(), false);
            if (s.acquired()) {
                updates.add(active(s.pool(), s.agentName(), -1));
                updates.add(held(s.pool(), Durations.elapsedSeconds(s.acquiredAtMs(), t)));
            }
            if (event.reason() == ReleaseReason.EXPIRED) {
                updates.add(expired(next.poolLabel()));
            }
        }
        if (late) {
            updates.add(Lateness.counted(EventType.LEASE_RELEASED));
        }
        return new Transition<>(next, updates);
    }

    /**
     * When an active lease with a TTL is due to expire: acquired time + {@code ttl_ms}; empty for a
     * lease that is not active or has no TTL.
     */
    public static OptionalLong expiresAt(LeaseState state) {
        if (!state.isActive() || state.ttlMs() == 0) {
            return OptionalLong.empty();
        }
        long due = state.acquiredAtMs() + state.ttlMs();
        return OptionalLong.of(due < state.acquiredAtMs() ? Long.MAX_VALUE : due);
    }

    /**
     * Expires the lease if it is due at {@code streamTimeMs} (expiry ≤ stream time): it leaves
     * {@code active_leases}, counts in {@code lease_expired_total} and observes its TTL as held time.
     * A lease that is not due is returned unchanged, with no update.
     */
    public static Transition<LeaseState> expire(LeaseState state, long streamTimeMs) {
        OptionalLong due = expiresAt(state);
        if (due.isEmpty() || due.getAsLong() > streamTimeMs) {
            return new Transition<>(state, List.of());
        }
        LeaseState next = new LeaseState(true, state.acquiredAtMs(), state.pool(), state.agentName(), state.ttlMs(),
                false, 0, null, null, true);
        return new Transition<>(next, List.of(
                active(state.pool(), state.agentName(), -1),
                expired(state.pool()),
                held(state.pool(), state.ttlMs() / 1000.0)));
    }

    private static SeriesUpdate active(String pool, String agent, int delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_LEASES, pool, agent), delta);
    }

    private static SeriesUpdate held(String pool, double seconds) {
        return new SeriesUpdate.Observe(SeriesKey.of(Metric.LEASE_HELD_SECONDS, pool), seconds);
    }

    private static SeriesUpdate expired(String pool) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.LEASE_EXPIRED_TOTAL, pool), 1);
    }
}
