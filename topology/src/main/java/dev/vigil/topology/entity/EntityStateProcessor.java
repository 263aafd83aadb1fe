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
import dev.vigil.topology.ExpiryIndex;
import dev.vigil.topology.StoreNames;
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
 * (docs/aggregates.md). Stream time is this task's, so an idle partition holds its leases until
 * its traffic resumes, as CONTRACT §2 says. The next due expiry is cached in memory so that the
 * common case, nothing due, costs one comparison instead of a store scan; the cache is rebuilt
 * from the expiry index on (re)start.
 */
public final class EntityStateProcessor implements Processor<String, AgentEvent, String, SeriesBatch> {
    private final AggregatesSettings settings;
    private ProcessorContext<String, SeriesBatch> context;
    private KeyValueStore<String, TaskState> tasks;
    private KeyValueStore<String, StepState> steps;
    private KeyValueStore<String, LeaseState> leases;
    private KeyValueStore<String, byte[]> leaseExpiry;
    private KeyValueStore<String, PoolState> pools;
    private long nextExpiry = Long.MAX_VALUE;

    public EntityStateProcessor(AggregatesSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SeriesBatch> context) {
        this.context = context;
        this.tasks = context.getStateStore(StoreNames.TASK_STATE);
        this.steps = context.getStateStore(StoreNames.STEP_STATE);
        this.leases = context.getStateStore(StoreNames.LEASE_STATE);
        this.leaseExpiry = context.getStateStore(StoreNames.LEASE_EXPIRY);
        this.pools = context.getStateStore(StoreNames.POOL_STATE);
        try (KeyValueIterator<String, byte[]> it = leaseExpiry.all()) {
            nextExpiry = it.hasNext() ? ExpiryIndex.time(it.next().key) : Long.MAX_VALUE;
        }
    }

    @Override
    public void process(Record<String, AgentEvent> record) {
        long streamTime = context.currentStreamTimeMs();
        List<SeriesUpdate> updates = new ArrayList<>(8);
        expireDueLeases(streamTime, updates);
        boolean late = Lateness.isLate(record.timestamp(), streamTime, settings.graceMs());
        AgentEvent event = record.value();
        if (event instanceof TaskStatusChanged e) {
            TaskState before = tasks.get(e.taskId());
            updates.addAll(store(tasks, e.taskId(), before, Tasks.apply(before, e, late)));
        } else if (event instanceof StepStatusChanged e) {
            String key = Steps.key(e).encode();
            StepState before = steps.get(key);
            updates.addAll(store(steps, key, before, Steps.apply(before, e, late)));
        } else if (event instanceof CallCompleted e) {
            updates.addAll(Calls.updates(e, late, settings.prices()));
        } else if (event instanceof LeaseAcquired e) {
            LeaseState before = leases.get(e.leaseId());
            updates.addAll(storeLease(e.leaseId(), before, Leases.apply(before, e, late)));
        } else if (event instanceof LeaseReleased e) {
            LeaseState before = leases.get(e.leaseId());
            updates.addAll(storeLease(e.leaseId(), before, Leases.apply(before, e, late)));
        } else if (event instanceof PoolStatus e) {
            PoolState before = pools.get(e.pool());
            updates.addAll(store(pools, e.pool(), before, Pools.apply(before, e, late)));
        }
        EventRef cause = new EventRef(event.meta().source(), event.meta().id(), event.meta().traceparent());
        for (SeriesBatch batch : SeriesBatch.byGroup(updates)) {
            context.forward(new Record<>(batch.group().wireName(), batch.withCause(cause), record.timestamp()));
        }
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
    private List<SeriesUpdate> storeLease(String leaseId, LeaseState before, Transition<LeaseState> t) {
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

    private void expireDueLeases(long streamTime, List<SeriesUpdate> updates) {
        if (streamTime < nextExpiry) {
            return;
        }
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = leaseExpiry.range(null, ExpiryIndex.bound(streamTime))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, byte[]> entry : due) {
            String leaseId = ExpiryIndex.id(entry.key);
            leaseExpiry.delete(entry.key);
            LeaseState state = leases.get(leaseId);
            if (state != null) {
                Transition<LeaseState> t = Leases.expire(state, streamTime);
                leases.put(leaseId, t.next());
                updates.addAll(t.updates());
            }
        }
        try (KeyValueIterator<String, byte[]> it = leaseExpiry.all()) {
            nextExpiry = it.hasNext() ? ExpiryIndex.time(it.next().key) : Long.MAX_VALUE;
        }
    }
}
