package dev.vigil.aggregates.entity;

import dev.vigil.serdes.event.ReleaseReason;

/**
 * What Vigil remembers of one lease (keyed by {@code lease_id}). The lease is <em>active</em> while
 * acquired and not ended, and <em>ended</em> once released or expired; its held time is observed
 * exactly when both its acquisition and its end are known, so whichever arrives second observes it.
 *
 * @param acquired     an {@code acquired} has been applied
 * @param acquiredAtMs its event time; meaningful when {@code acquired}
 * @param pool         its {@code pool}, or null before it
 * @param agentName    its {@code agent_name} label value ({@value Leases#UNKNOWN_AGENT} when the event had
 *                     none), or null before it
 * @param ttlMs        its {@code ttl_ms}, 0 when it had none
 * @param released     a {@code released} has ended the lease
 * @param releasedAtMs that release's event time; meaningful when {@code released}
 * @param releasedPool that release's {@code pool}, or null when not released
 * @param reason       that release's {@code reason}, or null when it had none
 * @param ttlExpired   the lease ended by hitting its TTL in stream time
 */
public record LeaseState(boolean acquired, long acquiredAtMs, String pool, String agentName, long ttlMs,
                         boolean released, long releasedAtMs, String releasedPool, ReleaseReason reason,
                         boolean ttlExpired) {

    public LeaseState {
        if (acquired != (pool != null) || acquired != (agentName != null)) {
            throw new IllegalArgumentException("pool and agent name are known exactly when acquired");
        }
        if (released != (releasedPool != null) || (!released && reason != null)) {
            throw new IllegalArgumentException("release pool and reason are known only when released");
        }
        if (ttlMs < 0) {
            throw new IllegalArgumentException("negative ttl " + ttlMs);
        }
        if (ttlExpired && (!acquired || released || ttlMs == 0)) {
            throw new IllegalArgumentException("only an acquired, unreleased lease with a ttl expires");
        }
    }

    /** A lease nothing is known about. */
    public static LeaseState initial() {
        return new LeaseState(false, 0, null, null, 0, false, 0, null, null, false);
    }

    /** Acquired and not ended: counted in {@code active_leases}. */
    public boolean isActive() {
        return acquired && !isEnded();
    }

    /** Released or expired; nothing further changes the lease's counts except a late acquisition. */
    public boolean isEnded() {
        return released || ttlExpired;
    }

    /** The {@code pool} label: from the acquisition when known, else from the release. */
    public String poolLabel() {
        return pool != null ? pool : releasedPool;
    }
}
