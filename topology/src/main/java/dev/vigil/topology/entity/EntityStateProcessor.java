package dev.vigil.topology.entity;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.entity.Calls;
import dev.vigil.aggregates.entity.LeaseState;
import dev.vigil.aggregates.entity.Leases;
import dev.vigil.aggregates.entity.PoolState;
import dev.vigil.aggregates.entity.Pools;
import dev.vigil.aggregates.entity.StepState;
import dev.vigil.aggregates.entity.Steps;
import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.aggregates.entity.Tasks;
import dev.vigil.aggregates.entity.Transition;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatusChanged;
import dev.vigil.topology.EventClock;
import dev.vigil.topology.ExpiryIndex;
import dev.vigil.topology.StoreNames;
import dev.vigil.topology.entity.RetirementKey.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The entity stage: applies each accepted event to its entity's state machine (task, step, lease,
 * pool; calls have none) and forwards the resulting series updates, one {@link SeriesBatch} per
 * metric group, keyed by the group, each naming the event that caused it (for alert triggers).
 *
 * <p>Before each event, leases of this partition whose TTL has run out in stream time expire
 * (docs/aggregates.md). Stream time is this task's {@link EventClock}, so an idle partition holds its leases until
 * its traffic resumes, as docs/events.md (Ordering) says. The next due expiry is cached in memory so that the
 * common case, nothing due, costs one comparison instead of a store scan; the cache is rebuilt
 * from the expiry index on (re)start.
 */
public final class EntityStateProcessor implements Processor<String, AgentEvent, String, SeriesBatch> {
    private final AggregatesSettings settings;
    private final Duration retention;
    private ProcessorContext<String, SeriesBatch> context;
    private KeyValueStore<String, byte[]> retirements;
    private KeyValueStore<String, TaskState> tasks;
    private KeyValueStore<String, StepState> steps;
    private KeyValueStore<String, LeaseState> leases;
    private KeyValueStore<String, byte[]> leaseExpiry;
    private KeyValueStore<String, PoolState> pools;
    private long nextExpiry = Long.MAX_VALUE;
    private EventClock clock;
    private long purgeEveryMs;
    private long nextPurge = Long.MIN_VALUE;

    /**
     * @param retention how long an ended task, step or lease is remembered, in stream time (the
     *                  dedup horizon): late events for it within that time change nothing, as the
     *                  rules say; after it, its state is deleted so the stores stay bounded
     */
    public EntityStateProcessor(AggregatesSettings settings, Duration retention) {
        this.settings = settings;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, SeriesBatch> context) {
        this.context = context;
        this.tasks = context.getStateStore(StoreNames.TASK_STATE);
        this.steps = context.getStateStore(StoreNames.STEP_STATE);
        this.leases = context.getStateStore(StoreNames.LEASE_STATE);
        this.leaseExpiry = context.getStateStore(StoreNames.LEASE_EXPIRY);
        this.pools = context.getStateStore(StoreNames.POOL_STATE);
        this.retirements = context.getStateStore(StoreNames.ENTITY_RETIREMENT);
        this.clock = EventClock.of(context);
        this.purgeEveryMs = purgeInterval(retention).toMillis();
        try (KeyValueIterator<String, byte[]> it = leaseExpiry.all()) {
            nextExpiry = it.hasNext() ? ExpiryIndex.time(it.next().key) : Long.MAX_VALUE;
        }
    }

    @Override
    public void process(Record<String, AgentEvent> record) {
        long streamTime = clock.read();
        List<SeriesUpdate> updates = new ArrayList<>(8);
        expireDueLeases(streamTime, updates);
        AgentEvent event = record.value();
        long eventTime = event.eventTimeMs();
        boolean late = Lateness.isLate(eventTime, streamTime, settings.graceMs());
        if (event instanceof TaskStatusChanged e) {
            TaskState before = tasks.get(e.taskId());
            Transition<TaskState> t = Tasks.apply(before, e, late);
            retireIfEnded(Kind.TASK, e.taskId(), before != null && before.isTerminal(), t.next().isTerminal(),
                    streamTime);
            updates.addAll(store(tasks, e.taskId(), before, t));
        } else if (event instanceof StepStatusChanged e) {
            String key = Steps.key(e).encode();
            StepState before = steps.get(key);
            Transition<StepState> t = Steps.apply(before, e, late);
            retireIfEnded(Kind.STEP, key, before != null && before.isTerminal(), t.next().isTerminal(), streamTime);
            updates.addAll(store(steps, key, before, t));
        } else if (event instanceof CallCompleted e) {
            // A call with a task_id is keyed by it (CallCompleted.entityKey), so its task's state is here.
            if (e.taskId() == null) {
                updates.addAll(Calls.updates(e, late, settings.prices()));
            } else {
                TaskState before = tasks.get(e.taskId());
                Transition<TaskState> t = Calls.apply(before, e, late, settings.prices());
                if (before == null) {
                    // Known from calls only so far: forgotten one retention later unless task events arrive
                    // (forgetEnded), so calls naming tasks that never report cannot grow the store.
                    retirements.put(new RetirementKey(streamTime, Kind.TASK, e.taskId()).encode(), new byte[0]);
                }
                updates.addAll(store(tasks, e.taskId(), before, t));
            }
        } else if (event instanceof LeaseAcquired e) {
            LeaseState before = leases.get(e.leaseId());
            updates.addAll(storeLease(e.leaseId(), before, Leases.apply(before, e, late), streamTime));
        } else if (event instanceof LeaseReleased e) {
            LeaseState before = leases.get(e.leaseId());
            updates.addAll(storeLease(e.leaseId(), before, Leases.apply(before, e, late), streamTime));
        } else if (event instanceof PoolStatus e) {
            PoolState before = pools.get(e.pool());
            updates.addAll(store(pools, e.pool(), before, Pools.apply(before, e, late)));
        }
        EventRef cause = new EventRef(event.meta().source(), event.meta().id(), event.meta().traceparent());
        for (SeriesBatch batch : SeriesBatch.byGroup(updates)) {
            // The record keeps the input's timestamp (which the broker accepted); the event time rides in the batch.
            context.forward(new Record<>(batch.group().wireName(), batch.withCause(cause).at(eventTime),
                    record.timestamp()));
        }
        // As a stream-time punctuation would: on the first event, then each time the clock crosses a
        // multiple of the interval. Done here rather than by Kafka Streams' punctuation because this
        // stage's stream time is the event clock, not the input's record timestamps.
        if (streamTime >= nextPurge) {
            forgetEnded(streamTime);
            nextPurge = (Math.floorDiv(streamTime, purgeEveryMs) + 1) * purgeEveryMs;
        }
    }

    /** How often ended entities are forgotten: a twenty-fourth of the retention (hourly for 24 h), at least a second. */
    static Duration purgeInterval(Duration retention) {
        Duration interval = retention.dividedBy(24);
        return interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
    }

    private static <S> List<SeriesUpdate> store(KeyValueStore<String, S> store, String key, S previous,
                                                Transition<S> t) {
        // An event that changes nothing returns an equal state: skip the write (and its changelog record).
        if (!Objects.equals(previous, t.next())) {
            store.put(key, t.next());
        }
        return t.updates();
    }

    /** Applies a lease transition and keeps the expiry index in step with the lease's state. */
    private List<SeriesUpdate> storeLease(String leaseId, LeaseState before, Transition<LeaseState> t,
                                          long streamTime) {
        retireIfEnded(Kind.LEASE, leaseId, before != null && before.isEnded(), t.next().isEnded(), streamTime);
        if (before != null) {
            Leases.expiresAt(before).ifPresent(due -> leaseExpiry.delete(ExpiryIndex.key(due, leaseId)));
        }
        leases.put(leaseId, t.next());
        Leases.expiresAt(t.next()).ifPresent(due -> {
            leaseExpiry.put(ExpiryIndex.key(due, leaseId), new byte[0]);
            nextExpiry = Math.min(nextExpiry, due);
        });
        return t.updates();
    }

    /** Notes when an entity ends, so that {@link #forgetEnded} deletes it one retention later. */
    private void retireIfEnded(Kind kind, String key, boolean endedBefore, boolean endedNow, long streamTime) {
        if (!endedBefore && endedNow) {
            retirements.put(new RetirementKey(streamTime, kind, key).encode(), new byte[0]);
        }
    }

    /** Deletes the state of entities that ended more than the retention ago (stream time). */
    private void forgetEnded(long streamTime) {
        long cutoff = streamTime - retention.toMillis();
        if (cutoff <= 0) {
            return;
        }
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = retirements.range(null, ExpiryIndex.bound(cutoff - 1))) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String indexKey : due) {
            retirements.delete(indexKey);
            RetirementKey retired = RetirementKey.decode(indexKey);
            switch (retired.kind()) {
                case TASK -> {
                    // Two kinds of entries: a task that ended, and a task first named by a call. The second
                    // must not delete a task that has started since (its end adds its own entry) or that
                    // ended less than the retention ago.
                    TaskState task = tasks.get(retired.key());
                    if (task != null && (task.knownFromCallsOnly()
                            || task.isTerminal() && task.terminalAtMs() <= cutoff)) {
                        tasks.delete(retired.key());
                    }
                }
                case STEP -> steps.delete(retired.key());
                case LEASE -> leases.delete(retired.key());
            }
        }
    }

    private void expireDueLeases(long streamTime, List<SeriesUpdate> updates) {
        if (streamTime < nextExpiry) {
            return;
        }
        // Scans start at nextExpiry, which is never later than the earliest live entry, rather than at the
        // first key: a seek to the first key would step over the tombstones of every earlier expiry until
        // RocksDB compacts them away (61 of 342 native samples of the stream thread in the first profile).
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = leaseExpiry.range(ExpiryIndex.from(nextExpiry),
                ExpiryIndex.bound(streamTime))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, byte[]> entry : due) {
            String leaseId = ExpiryIndex.id(entry.key);
            leaseExpiry.delete(entry.key);
            LeaseState state = leases.get(leaseId);
            if (state != null) {
                Transition<LeaseState> t = Leases.expire(state, streamTime);
                retireIfEnded(Kind.LEASE, leaseId, state.isEnded(), t.next().isEnded(), streamTime);
                leases.put(leaseId, t.next());
                updates.addAll(t.updates());
            }
        }
        try (KeyValueIterator<String, byte[]> it = leaseExpiry.range(ExpiryIndex.bound(streamTime), null)) {
            nextExpiry = it.hasNext() ? ExpiryIndex.time(it.next().key) : Long.MAX_VALUE;
        }
    }
}
