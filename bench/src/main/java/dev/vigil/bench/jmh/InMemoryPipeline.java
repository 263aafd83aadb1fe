package dev.vigil.bench.jmh;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.codec.BinaryCodec;
import dev.vigil.aggregates.codec.LeaseStateCodec;
import dev.vigil.aggregates.codec.PoolStateCodec;
import dev.vigil.aggregates.codec.SeriesBatchCodec;
import dev.vigil.aggregates.codec.SeriesValueCodec;
import dev.vigil.aggregates.codec.StepStateCodec;
import dev.vigil.aggregates.codec.TaskStateCodec;
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
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesStage;
import dev.vigil.aggregates.series.SeriesStore;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.serdes.AgentEventSerde;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatusChanged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The aggregate path of the topology without Kafka: the entity stage (task, step, lease and pool
 * state machines, call updates) and the series stage ({@link SeriesStage}: cardinality cap, series
 * math, ratio clocks), on hash maps instead of RocksDB. It follows the entity processor of the
 * topology, leaving out what only matters over long stream-time spans (TTL expiry of leases and
 * forgetting ended entities) and the alert engine (no rules are configured by default).
 *
 * <p>With {@code serialized}, every state value is stored as the topology stores it (its binary
 * codec), and each event and series batch is encoded and decoded as it is on its way through the
 * two repartition topics: what a record costs in serdes besides the state machines themselves.
 */
final class InMemoryPipeline {
    private final AggregatesSettings settings;
    private final SeriesStage stage;
    private final boolean serialized;
    private final Consumer<SeriesBatch> batchTap;
    private final Kv<TaskState> tasks;
    private final Kv<StepState> steps;
    private final Kv<LeaseState> leases;
    private final Kv<PoolState> pools;
    private final Kv<SeriesValue> series;
    private final SeriesStore seriesStore;
    private long streamTime = Long.MIN_VALUE;

    InMemoryPipeline(AggregatesSettings settings, boolean serialized, Consumer<SeriesBatch> batchTap) {
        this.settings = settings;
        this.stage = new SeriesStage(settings);
        this.serialized = serialized;
        this.batchTap = batchTap;
        this.tasks = kv(TaskStateCodec.CODEC);
        this.steps = kv(StepStateCodec.CODEC);
        this.leases = kv(LeaseStateCodec.CODEC);
        this.pools = kv(PoolStateCodec.CODEC);
        this.series = kv(SeriesValueCodec.CODEC);
        this.seriesStore = new SeriesStore() {
            @Override
            public SeriesValue get(SeriesKey key) {
                return series.get(key.encode());
            }

            @Override
            public void put(SeriesKey key, SeriesValue value) {
                series.put(key.encode(), value);
            }
        };
    }

    /** Applies one accepted event; returns the number of series updates applied (for the blackhole). */
    int apply(AgentEvent input) {
        AgentEvent event = serialized ? AgentEventSerde.decode(AgentEventSerde.encode(input)) : input;
        long timestamp = event.meta().time().toEpochMilli();
        streamTime = Math.max(streamTime, timestamp);
        boolean late = Lateness.isLate(timestamp, streamTime, settings.graceMs());
        List<SeriesUpdate> updates = new ArrayList<>(8);
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
            Transition<LeaseState> t = Leases.apply(before, e, late);
            leases.put(e.leaseId(), t.next());
            updates.addAll(t.updates());
        } else if (event instanceof LeaseReleased e) {
            LeaseState before = leases.get(e.leaseId());
            Transition<LeaseState> t = Leases.apply(before, e, late);
            leases.put(e.leaseId(), t.next());
            updates.addAll(t.updates());
        } else if (event instanceof PoolStatus e) {
            PoolState before = pools.get(e.pool());
            updates.addAll(store(pools, e.pool(), before, Pools.apply(before, e, late)));
        }
        EventRef cause = new EventRef(event.meta().source(), event.meta().id(), event.meta().traceparent());
        int applied = 0;
        for (SeriesBatch batch : SeriesBatch.byGroup(updates)) {
            SeriesBatch caused = batch.withCause(cause);
            if (serialized) {
                caused = SeriesBatchCodec.decode(SeriesBatchCodec.encode(caused));
            }
            if (batchTap != null) {
                batchTap.accept(caused);
            }
            applied += stage.applyAll(caused, seriesStore).size();
        }
        return applied;
    }

    /** The series store as the codec would hold it: encoded key → value. */
    Map<String, SeriesValue> seriesSnapshot() {
        return series.snapshot();
    }

    /** Every task state, decoded. */
    Map<String, TaskState> taskSnapshot() {
        return tasks.snapshot();
    }

    private static <S> List<SeriesUpdate> store(Kv<S> store, String key, S previous, Transition<S> t) {
        if (!Objects.equals(previous, t.next())) {
            store.put(key, t.next());
        }
        return t.updates();
    }

    private <V> Kv<V> kv(BinaryCodec<V> codec) {
        return serialized ? new CodecKv<>(codec) : new ObjectKv<>();
    }

    /** A key-value store of state values, as objects or as encoded bytes. */
    private interface Kv<V> {
        V get(String key);

        void put(String key, V value);

        Map<String, V> snapshot();
    }

    private static final class ObjectKv<V> implements Kv<V> {
        private final Map<String, V> map = new HashMap<>();

        @Override
        public V get(String key) {
            return map.get(key);
        }

        @Override
        public void put(String key, V value) {
            map.put(key, value);
        }

        @Override
        public Map<String, V> snapshot() {
            return new HashMap<>(map);
        }
    }

    private static final class CodecKv<V> implements Kv<V> {
        private final Map<String, byte[]> map = new HashMap<>();
        private final BinaryCodec<V> codec;

        CodecKv(BinaryCodec<V> codec) {
            this.codec = codec;
        }

        @Override
        public V get(String key) {
            byte[] bytes = map.get(key);
            return bytes == null ? null : codec.decode(bytes);
        }

        @Override
        public void put(String key, V value) {
            map.put(key, codec.encode(value));
        }

        @Override
        public Map<String, V> snapshot() {
            Map<String, V> out = new HashMap<>();
            map.forEach((k, v) -> out.put(k, codec.decode(v)));
            return out;
        }
    }
}
