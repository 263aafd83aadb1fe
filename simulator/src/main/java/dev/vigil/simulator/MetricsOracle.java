package dev.vigil.simulator;

import static dev.vigil.simulator.SeriesStore.labels;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * The exact metrics of docs/metrics.md (all but {@code alerts_firing}), plus {@code vigil_late_events_total} and
 * {@code vigil_unpriced_calls_total}, that Vigil must expose once it has consumed a given sequence of records:
 * an independent re-implementation of docs/aggregates.md, sharing no code with Vigil. Pure (no Kafka I/O); feed it
 * every {@link SimRecord} of a run in publish order with {@link #accept(SimRecord)}, then read {@link #samples()}.
 * Not thread-safe.
 *
 * <h2>Pipeline, as Vigil runs it</h2>
 * <ul>
 *   <li>Invalid records are ignored (they never reach the entity stage).</li>
 *   <li>A valid record goes to the <b>entity partition</b> of its entity key ({@code task_id} for task and step
 *       events and for calls that name a task, else {@code call_id}, {@code lease_id}, {@code pool}) under Kafka's default partitioner:
 *       {@code toPositive(murmur2(utf8(key))) % partitions} ({@link #partition(String, int)}). Order within an
 *       entity partition is publish order: the generator keys each record by its entity key with the same
 *       partitioner and the repartition topic has the input's partition count, so an entity partition has exactly
 *       one upstream partition.</li>
 *   <li>The partition's <b>stream time</b> becomes max(stream time, event time) for every valid record, duplicates
 *       included; event time is the CloudEvents {@code time}, else the record timestamp.</li>
 *   <li><b>Dedup</b>: a repeat of (source, id) within the dedup horizon (24 h of stream time by default, judged
 *       against the event time of the first sighting) is dropped; the oracle checks that its verdict is the
 *       record's {@link Expected#outcome()} and throws {@link IllegalArgumentException} otherwise.</li>
 *   <li>Before each accepted event is applied, every lease of the partition whose TTL expiry (acquired time +
 *       {@code ttl_ms}) is at or before stream time expires, in expiry order. A duplicate advances stream time but
 *       is not applied, so it expires nothing by itself: a lease is expired by the next accepted event of its
 *       partition.</li>
 *   <li>An accepted event whose event time is before stream time − grace is <b>late</b>: counted in
 *       {@code vigil_late_events_total{type}}, left out of the ratios, applied to everything else.</li>
 *   <li>The event is applied to its entity's state (docs/aggregates.md §Tasks, §Steps, §Calls, §Leases, §Pools),
 *       which updates series in the series stage ({@link SeriesStore}) in that order.</li>
 * </ul>
 *
 * <h2>Choices where docs/aggregates.md is silent (pinned by MetricsOracleTest)</h2>
 * <ul>
 *   <li>A series exists from its first update and is then always exposed, even at 0: {@code active_tasks} once a
 *       task became active, {@code queue_depth{capability}} once a step was counted queued, {@code active_leases}
 *       once a lease became active, counters once incremented (by 0 too: tokens, cost), histograms once observed.
 *       {@code pool_capacity} of every configured pool exists from the start. No update is made when nothing
 *       changes (e.g. a task whose terminal status arrives first never touches {@code active_tasks}).</li>
 *   <li>{@code lease_utilization{pool}} is exposed for every {@code pool_capacity} series whose value is &gt; 0
 *       (so 0.0 for a configured pool with no lease), as Σ over agent_name of {@code active_leases{pool}} / capacity;
 *       {@code browser_pool_available} whenever {@code pool_capacity{pool=<browser_pool>}} exists. Both are computed
 *       from the series as stored (after the cap), so they are not capped themselves.</li>
 *   <li>Cap: a ratio's label set includes {@code window}; one observation updates the windows in configuration
 *       order, each judged on its own. Configured pools are admitted to {@code pool_capacity} first, in name order.
 *       The cap is judged in publish order; Vigil judges it in arrival order at the series stage, which is the same
 *       with one partition and otherwise only when no metric reaches the cap.</li>
 *   <li>A lease whose {@code acquired} arrives after stream time already passed its expiry becomes active and
 *       expires before the next accepted event of its partition (expiry is checked before an event is applied).</li>
 *   <li>Durations and latencies are placed in buckets as the double {@code ms / 1000.0} (a correctly rounded
 *       quotient, so 80 ms is exactly the bound 0.08); sums ({@code _sum}, cost) are kept exact in decimal (each
 *       JSON number as written, {@code tokens × price / 10⁶} exactly) and rounded once on output. Compare with
 *       {@link PrometheusSamples#differences} (relative tolerance {@value PrometheusSamples#RELATIVE_TOLERANCE}).</li>
 *   <li>To bound memory in long runs, a finished entity (a task with its {@code submitted} and first terminal
 *       status, a step with its first terminal status, a lease ended with its {@code acquired} seen), and a dedup
 *       entry, are forgotten once their partition's stream time is more than the dedup horizon past them. Exact for
 *       any stream whose entities get no event that long after they finished (the generator's never do).</li>
 * </ul>
 */
public final class MetricsOracle {

    public static final String TASK_TOTAL = "task_total";
    public static final String ACTIVE_TASKS = "active_tasks";
    public static final String TASK_DURATION = "task_duration_seconds";
    public static final String TASK_SUCCESS_RATIO = "task_success_ratio";
    public static final String STEP_DURATION = "step_duration_seconds";
    public static final String QUEUE_DEPTH = "queue_depth";
    public static final String CALL_TOTAL = "agent_call_total";
    public static final String CALL_LATENCY = "agent_call_latency_seconds";
    public static final String CALL_SUCCESS_RATIO = "agent_call_success_ratio";
    public static final String TOKENS_TOTAL = "model_tokens_total";
    public static final String COST_TOTAL = "model_cost_usd_total";
    public static final String ACTIVE_LEASES = "active_leases";
    public static final String LEASE_HELD = "lease_held_seconds";
    public static final String LEASE_EXPIRED_TOTAL = "lease_expired_total";
    public static final String LEASE_UTILIZATION = "lease_utilization";
    public static final String POOL_CAPACITY = "pool_capacity";
    public static final String POOL_HEALTHY = "pool_healthy";
    public static final String BROWSER_POOL_AVAILABLE = "browser_pool_available";
    public static final String LATE_EVENTS_TOTAL = "vigil_late_events_total";
    public static final String UNPRICED_CALLS_TOTAL = "vigil_unpriced_calls_total";
    public static final String TASK_COST = "task_cost_usd";
    public static final String TENANT_COST_TOTAL = "tenant_cost_usd_total";
    public static final String TENANT_TOKENS_TOTAL = "tenant_tokens_total";
    public static final String TENANT_CALLS_TOTAL = "tenant_calls_total";
    public static final String TENANT_TASKS_TOTAL = "tenant_tasks_total";
    public static final String LATE_COST_TOTAL = "vigil_late_cost_usd_total";
    private static final String UNKNOWN_TENANT = "unknown";

    /**
     * Every metric family of the truth, as exposed (counters with their {@code _total}), with its Prometheus type
     * ({@code counter}, {@code gauge}, {@code histogram}): the task, step, call and pool metrics in the order of
     * docs/metrics.md, then the two {@code vigil_} counters.
     */
    public static final Map<String, String> FAMILY_TYPES = families(
            TASK_TOTAL, "counter", ACTIVE_TASKS, "gauge", TASK_DURATION, "histogram", TASK_SUCCESS_RATIO, "gauge",
            STEP_DURATION, "histogram", QUEUE_DEPTH, "gauge", CALL_TOTAL, "counter", CALL_LATENCY, "histogram",
            CALL_SUCCESS_RATIO, "gauge", TOKENS_TOTAL, "counter", COST_TOTAL, "counter", ACTIVE_LEASES, "gauge",
            LEASE_HELD, "histogram", LEASE_EXPIRED_TOTAL, "counter", LEASE_UTILIZATION, "gauge", POOL_CAPACITY,
            "gauge", POOL_HEALTHY, "gauge", BROWSER_POOL_AVAILABLE, "gauge", LATE_EVENTS_TOTAL, "counter",
            UNPRICED_CALLS_TOTAL, "counter", TASK_COST, "histogram", TENANT_COST_TOTAL, "counter",
            TENANT_TOKENS_TOTAL, "counter", TENANT_CALLS_TOTAL, "counter", TENANT_TASKS_TOTAL, "counter",
            LATE_COST_TOTAL, "counter");
    /** The names of {@link #FAMILY_TYPES}; select them from a scraped page with {@link PrometheusSamples#select}. */
    public static final List<String> FAMILIES = List.copyOf(FAMILY_TYPES.keySet());

    private static final Set<String> TASK_TERMINAL = Set.of("succeeded", "failed", "cancelled");
    private static final Set<String> STEP_TERMINAL = Set.of("succeeded", "failed", "cancelled", "timed_out");
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private static Map<String, String> families(String... nameType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            m.put(nameType[i], nameType[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static final class TaskState {
        boolean submitted;
        long submittedTime;
        boolean active;
        String terminal;
        long touched;
        /** The first tenant a task event carried. */
        String tenant;
        /** What its calls cost until it ended. */
        BigDecimal cost = BigDecimal.ZERO;
        /** Stream time of the call that first named the task, when no task event had. */
        long namedByCallAt = Long.MIN_VALUE;

        boolean knownFromCallsOnly() {
            return !submitted && !active && terminal == null;
        }

        String tenantLabel() {
            return tenant == null ? UNKNOWN_TENANT : tenant;
        }

        boolean finished() {
            return submitted && terminal != null;
        }
    }

    private static final class StepState {
        boolean queued;
        String queuedCapability;
        boolean inQueue;
        boolean running;
        long runningTime;
        String terminal;
        long touched;
    }

    private static final class LeaseState {
        final long seq;
        boolean acquired;
        long acquiredTime;
        String pool;
        String agent;
        Number ttl;
        double expiry;
        boolean active;
        boolean ended;
        long releasedTime;
        long touched;

        LeaseState(long seq) {
            this.seq = seq;
        }
    }

    private static final class PoolState {
        long time;
        BigDecimal healthy;
    }

    private static final class Partition {
        long streamTime = Long.MIN_VALUE;
        long expiryCheckedAt = Long.MIN_VALUE;
        long sweptAt = Long.MIN_VALUE;
        final Map<String, Long> seen = new HashMap<>();
        final Map<String, TaskState> tasks = new HashMap<>();
        final Map<String, StepState> steps = new HashMap<>();
        final Map<String, LeaseState> leases = new HashMap<>();
        final TreeSet<LeaseState> expiring = new TreeSet<>(
                Comparator.<LeaseState>comparingDouble(l -> l.expiry).thenComparingLong(l -> l.seq));
        final Map<String, PoolState> pools = new HashMap<>();
    }

    private final TruthSettings settings;
    private final long graceMs;
    private final long horizonMs;
    private final Partition[] partitions;
    private final SeriesStore series;
    private long records;
    private long leaseSeq;
    private long forgotten;

    public MetricsOracle(TruthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.graceMs = settings.grace().toMillis();
        this.horizonMs = settings.dedupHorizon().toMillis();
        this.partitions = new Partition[settings.partitions()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new Partition();
        }
        this.series = new SeriesStore(settings.maxSeriesPerMetric());
        // Configured pools have a capacity from the start.
        settings.poolCapacities().forEach((pool, capacity) ->
                series.set(POOL_CAPACITY, labels("pool", pool), exact(capacity)));
    }

    /** The truth of {@code records}, in order. */
    public static Map<String, Double> compute(TruthSettings settings, Iterable<SimRecord> records) {
        MetricsOracle o = new MetricsOracle(settings);
        records.forEach(o::accept);
        return o.samples();
    }

    public TruthSettings settings() {
        return settings;
    }

    /** Records accepted so far (valid or not). */
    public long records() {
        return records;
    }

    /** The entity partition of an entity key: Kafka's default partitioner on its UTF-8 bytes. */
    public static int partition(String entityKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(entityKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The entity key Vigil re-keys an event by, read from its data. */
    public static String entityKey(SimEvent e) {
        String field = switch (e.type()) {
            case TASK_STATUS_CHANGED, STEP_STATUS_CHANGED -> "task_id";
            // docs/events.md: a call that names its task belongs with it
            case CALL_COMPLETED -> e.string("task_id") != null ? "task_id" : "call_id";
            case LEASE_ACQUIRED, LEASE_RELEASED -> "lease_id";
            case POOL_STATUS -> "pool";
        };
        String key = e.string(field);
        if (key == null) {
            throw new IllegalArgumentException("a valid " + e.type().type() + " event without " + field);
        }
        return key;
    }

    /** The event time of a valid record: its {@code time}, else its timestamp (epoch ms). */
    public static long eventTime(SimRecord r) {
        SimEvent e = r.expected().event();
        return e != null && e.time() != null ? e.time().toEpochMilli() : r.timestamp();
    }

    /** The stream time of an entity partition (Long.MIN_VALUE before its first valid record). */
    public long streamTime(int partition) {
        return partitions[partition].streamTime;
    }

    /** The stream time at which the partition last checked TTL expiry (before its last accepted event). */
    long expiryCheckedAt(int partition) {
        return partitions[partition].expiryCheckedAt;
    }

    /** How many finished entities were forgotten (see the class comment). */
    long forgotten() {
        return forgotten;
    }

    /** A lease's state: {@code active}, {@code ended}, {@code pending} (released, acquired not seen) or null. */
    String leaseState(String leaseId) {
        LeaseState l = partitions[partition(leaseId, partitions.length)].leases.get(leaseId);
        if (l == null) {
            return null;
        }
        return l.active ? "active" : l.ended && l.acquired ? "ended" : l.ended ? "pending" : "unknown";
    }

    /** Applies one record, in publish order. */
    public void accept(SimRecord r) {
        long n = records++;
        Expected expected = r.expected();
        if (!expected.valid()) {
            return;
        }
        SimEvent e = expected.event();
        long t = eventTime(r);
        Partition p = partitions[partition(entityKey(e), partitions.length)];
        p.streamTime = Math.max(p.streamTime, t);

        String id = e.source() + '\u0000' + e.id();
        Long first = p.seen.get(id);
        boolean duplicate = first != null && first >= p.streamTime - horizonMs;
        if (duplicate != (expected.outcome() == Outcome.DUPLICATE)) {
            throw new IllegalArgumentException("record " + n + " (" + e.type().type() + " " + e.source() + "/"
                    + e.id() + ") is " + (duplicate ? "a duplicate" : "new") + " by (source, id) but expected "
                    + expected.outcome().label());
        }
        if (duplicate) {
            return;
        }
        p.seen.put(id, t);

        expireLeases(p);
        boolean late = t < p.streamTime - graceMs;
        if (late) {
            series.add(LATE_EVENTS_TOTAL, labels("type", e.type().type()), 1);
        }
        switch (e.type()) {
            case TASK_STATUS_CHANGED -> task(p, e, t, late);
            case STEP_STATUS_CHANGED -> step(p, e, t);
            case CALL_COMPLETED -> call(p, e, t, late);
            case LEASE_ACQUIRED -> leaseAcquired(p, e, t);
            case LEASE_RELEASED -> leaseReleased(p, e, t);
            case POOL_STATUS -> pool(p, e, t);
        }
        sweep(p);
    }

    // ------------------------------------------------------------------------------------------------- tasks

    private void task(Partition p, SimEvent e, long t, boolean late) {
        String status = e.string("status");
        TaskState s = p.tasks.computeIfAbsent(e.string("task_id"), k -> new TaskState());
        s.touched = p.streamTime;
        if (s.tenant == null) {
            s.tenant = e.string("tenant");
        }
        if ("submitted".equals(status)) {
            if (!s.submitted) {
                s.submitted = true;
                s.submittedTime = t;
                series.add(TASK_TOTAL, labels("status", status), 1);
                series.add(TENANT_TASKS_TOTAL, labels("tenant", s.tenantLabel(), "status", status), 1);
                activate(s);
            }
        } else if ("running".equals(status)) {
            activate(s);
        } else if (TASK_TERMINAL.contains(status) && s.terminal == null) {
            s.terminal = status;
            series.add(TASK_TOTAL, labels("status", status), 1);
            series.add(TENANT_TASKS_TOTAL, labels("tenant", s.tenantLabel(), "status", status), 1);
            series.observe(TASK_COST, labels("status", status), TruthSettings.DEFAULT_COST_BUCKETS,
                    s.cost.doubleValue(), s.cost);
            if (s.active) {
                s.active = false;
                series.add(ACTIVE_TASKS, labels(), -1);
            }
            Number d = e.number("duration_ms");
            if (d != null) {
                observeMillis(TASK_DURATION, labels("status", status), settings.durationBuckets(), d);
            } else if (s.submitted) {
                observeMillis(TASK_DURATION, labels("status", status), settings.durationBuckets(),
                        Math.max(0, t - s.submittedTime));
            }
            if (!late) {
                series.ratio(TASK_SUCCESS_RATIO, labels(), settings.windows(), t, "succeeded".equals(status));
            }
        }
    }

    private void activate(TaskState s) {
        if (s.terminal == null && !s.active) {
            s.active = true;
            series.add(ACTIVE_TASKS, labels(), 1);
        }
    }

    // ------------------------------------------------------------------------------------------------- steps

    private void step(Partition p, SimEvent e, long t) {
        String status = e.string("status");
        Number attempt = e.number("attempt");
        String key = e.string("task_id") + '\u0000' + e.string("step_id") + '\u0000'
                + (attempt == null ? "1" : canonical(attempt));
        StepState s = p.steps.computeIfAbsent(key, k -> new StepState());
        s.touched = p.streamTime;
        if ("queued".equals(status)) {
            if (!s.running && s.terminal == null && !s.queued) {
                s.queued = true;
                s.inQueue = true;
                s.queuedCapability = e.string("capability");
                series.add(QUEUE_DEPTH, labels("capability", s.queuedCapability), 1);
            }
        } else if ("running".equals(status)) {
            if (s.terminal == null && !s.running) {
                s.running = true;
                s.runningTime = t;
                leaveQueue(s);
            }
        } else if (STEP_TERMINAL.contains(status) && s.terminal == null) {
            s.terminal = status;
            leaveQueue(s);
            Map<String, String> l = labels("agent_name", e.string("agent_name"), "capability",
                    e.string("capability"), "status", status);
            Number d = e.number("duration_ms");
            if (d != null) {
                observeMillis(STEP_DURATION, l, settings.durationBuckets(), d);
            } else if (s.running) {
                observeMillis(STEP_DURATION, l, settings.durationBuckets(), Math.max(0, t - s.runningTime));
            }
        }
    }

    private void leaveQueue(StepState s) {
        if (s.inQueue) {
            s.inQueue = false;
            series.add(QUEUE_DEPTH, labels("capability", s.queuedCapability), -1);
        }
    }

    private static String canonical(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    // ------------------------------------------------------------------------------------------------- calls

    private void call(Partition p, SimEvent e, long t, boolean late) {
        String agent = e.string("agent_name");
        String model = e.string("model_name");
        String status = e.string("status");
        series.add(CALL_TOTAL, labels("agent_name", agent, "capability", e.string("capability"), "model_name", model,
                "status", status), 1);
        observeMillis(CALL_LATENCY, labels("agent_name", agent, "model_name", model), settings.callLatencyBuckets(),
                e.number("latency_ms"));
        Number cachedField = e.number("cached_input_tokens");
        BigDecimal cached = cachedField == null ? BigDecimal.ZERO : exact(cachedField);
        // docs/metrics.md: direction="input" counts the uncached input, "cached_input" (when the call says) the rest
        BigDecimal in = exact(e.number("input_tokens")).subtract(cached);
        BigDecimal out = exact(e.number("output_tokens"));
        series.add(TOKENS_TOTAL, labels("agent_name", agent, "model_name", model, "direction", "input"), in);
        series.add(TOKENS_TOTAL, labels("agent_name", agent, "model_name", model, "direction", "output"), out);
        if (cachedField != null) {
            series.add(TOKENS_TOTAL, labels("agent_name", agent, "model_name", model, "direction", "cached_input"),
                    cached);
        }
        Map<String, String> costLabels = labels("agent_name", agent, "model_name", model);
        Number cost = e.number("cost_usd");
        TruthSettings.ModelPrice price = settings.modelPrices().get(model);
        BigDecimal usd;
        if (cost != null) {
            usd = exact(cost);
        } else if (price != null) {
            usd = in.multiply(exact(price.inputPerMtok())).divide(MILLION)
                    .add(cached.multiply(exact(price.cachedInputPerMtok())).divide(MILLION))
                    .add(out.multiply(exact(price.outputPerMtok())).divide(MILLION));
        } else {
            usd = BigDecimal.ZERO;
            series.add(UNPRICED_CALLS_TOTAL, labels("model_name", model), 1);
        }
        series.add(COST_TOTAL, costLabels, usd);
        // docs/aggregates.md, Calls: the call's tenant, else its task's (as known now), else unknown; its cost joins
        // its task's until the task ends, after which it is late cost.
        String taskId = e.string("task_id");
        TaskState task = taskId == null ? null : p.tasks.get(taskId);
        String ownTenant = e.string("tenant");
        String tenant = ownTenant != null ? ownTenant : task == null ? UNKNOWN_TENANT : task.tenantLabel();
        series.add(TENANT_CALLS_TOTAL, labels("tenant", tenant), 1);
        series.add(TENANT_COST_TOTAL, labels("tenant", tenant), usd);
        series.add(TENANT_TOKENS_TOTAL, labels("tenant", tenant, "direction", "input"), in);
        series.add(TENANT_TOKENS_TOTAL, labels("tenant", tenant, "direction", "output"), out);
        if (cachedField != null) {
            series.add(TENANT_TOKENS_TOTAL, labels("tenant", tenant, "direction", "cached_input"), cached);
        }
        if (taskId != null) {
            if (task == null) {
                task = new TaskState();
                task.namedByCallAt = p.streamTime;
                p.tasks.put(taskId, task);
            }
            if (task.terminal != null) {
                series.add(LATE_COST_TOTAL, labels(), usd);
            } else {
                task.cost = task.cost.add(usd);
            }
        }
        if (!late) {
            series.ratio(CALL_SUCCESS_RATIO, labels("agent_name", agent), settings.windows(), t, "ok".equals(status));
        }
    }

    // ------------------------------------------------------------------------------------------------ leases

    private LeaseState lease(Partition p, SimEvent e) {
        LeaseState l = p.leases.computeIfAbsent(e.string("lease_id"), k -> new LeaseState(leaseSeq++));
        l.touched = p.streamTime;
        return l;
    }

    private void leaseAcquired(Partition p, SimEvent e, long t) {
        LeaseState l = lease(p, e);
        if (l.acquired) {
            return; // a second acquired changes nothing
        }
        l.acquired = true;
        l.acquiredTime = t;
        l.pool = e.string("pool");
        String agent = e.string("agent_name");
        l.agent = agent == null ? "unknown" : agent;
        l.ttl = e.number("ttl_ms");
        if (!l.ended) {
            l.active = true;
            series.add(ACTIVE_LEASES, labels("pool", l.pool, "agent_name", l.agent), 1);
            if (l.ttl != null) {
                l.expiry = t + l.ttl.doubleValue();
                p.expiring.add(l);
            }
        } else {
            // Released before acquired: never active; the pair is now complete.
            observeMillis(LEASE_HELD, labels("pool", l.pool), settings.durationBuckets(),
                    Math.max(0, l.releasedTime - t));
        }
    }

    private void leaseReleased(Partition p, SimEvent e, long t) {
        LeaseState l = lease(p, e);
        if (l.ended) {
            return; // a second release, or a release after TTL expiry
        }
        l.ended = true;
        boolean expired = "expired".equals(e.string("reason"));
        if (l.active) {
            l.active = false;
            p.expiring.remove(l);
            series.add(ACTIVE_LEASES, labels("pool", l.pool, "agent_name", l.agent), -1);
            observeMillis(LEASE_HELD, labels("pool", l.pool), settings.durationBuckets(),
                    Math.max(0, t - l.acquiredTime));
            if (expired) {
                series.add(LEASE_EXPIRED_TOTAL, labels("pool", l.pool), 1);
            }
        } else {
            l.releasedTime = t;
            if (expired) {
                series.add(LEASE_EXPIRED_TOTAL, labels("pool", e.string("pool")), 1);
            }
        }
    }

    private void expireLeases(Partition p) {
        p.expiryCheckedAt = p.streamTime;
        while (!p.expiring.isEmpty() && p.expiring.first().expiry <= p.streamTime) {
            LeaseState l = p.expiring.pollFirst();
            l.active = false;
            l.ended = true;
            series.add(ACTIVE_LEASES, labels("pool", l.pool, "agent_name", l.agent), -1);
            series.add(LEASE_EXPIRED_TOTAL, labels("pool", l.pool), 1);
            observeMillis(LEASE_HELD, labels("pool", l.pool), settings.durationBuckets(), l.ttl);
        }
    }

    // ------------------------------------------------------------------------------------------------- pools

    private void pool(Partition p, SimEvent e, long t) {
        String name = e.string("pool");
        PoolState s = p.pools.get(name);
        if (s != null && t < s.time) {
            return; // an older status arriving later changes nothing (ties: the later arrival wins)
        }
        if (s == null) {
            s = new PoolState();
            p.pools.put(name, s);
        }
        s.time = t;
        Number healthy = e.number("healthy");
        if (healthy != null) {
            s.healthy = exact(healthy); // absent: the previous value is kept
        }
        series.set(POOL_CAPACITY, labels("pool", name), exact(e.number("capacity")));
        if (s.healthy != null) {
            series.set(POOL_HEALTHY, labels("pool", name), s.healthy);
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    /**
     * The samples Vigil must expose now, by sample key ({@link PrometheusSamples}), sorted: every series of the
     * families in {@link #FAMILIES} that exists, histograms as their {@code _bucket} (cumulative, with
     * {@code +Inf}), {@code _sum} and {@code _count} samples.
     */
    public Map<String, Double> samples() {
        Map<String, Double> out = new TreeMap<>(series.samples());
        Map<String, BigDecimal> activeByPool = new HashMap<>();
        for (Map<String, String> l : series.labelSets(ACTIVE_LEASES)) {
            activeByPool.merge(l.get("pool"), series.value(ACTIVE_LEASES, l), BigDecimal::add);
        }
        for (Map<String, String> l : series.labelSets(POOL_CAPACITY)) {
            double capacity = series.value(POOL_CAPACITY, l).doubleValue();
            double active = activeByPool.getOrDefault(l.get("pool"), BigDecimal.ZERO).doubleValue();
            if (capacity > 0) {
                out.put(PrometheusSamples.key(LEASE_UTILIZATION, l), active / capacity);
            }
            if (settings.browserPool().equals(l.get("pool"))) {
                out.put(PrometheusSamples.key(BROWSER_POOL_AVAILABLE, Map.of()), Math.max(0.0, capacity - active));
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private void observeMillis(String metric, Map<String, String> labels, List<Double> bounds, Number ms) {
        series.observe(metric, labels, bounds, ms.doubleValue() / 1000.0, exact(ms).movePointLeft(3));
    }

    private void observeMillis(String metric, Map<String, String> labels, List<Double> bounds, long ms) {
        series.observe(metric, labels, bounds, ms / 1000.0, BigDecimal.valueOf(ms).movePointLeft(3));
    }

    /** The decimal a JSON number stands for (a double as its shortest representation). */
    private static BigDecimal exact(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (n instanceof BigDecimal b) {
            return b;
        }
        return BigDecimal.valueOf(n.doubleValue());
    }

    /** Forgets dedup entries and finished entities the dedup horizon behind stream time; see the class comment. */
    private void sweep(Partition p) {
        long every = Math.max(1_000, horizonMs / 24);
        if (p.sweptAt != Long.MIN_VALUE && p.streamTime - p.sweptAt < every) {
            return;
        }
        if (p.sweptAt == Long.MIN_VALUE) {
            p.sweptAt = p.streamTime;
            return;
        }
        p.sweptAt = p.streamTime;
        long cutoff = p.streamTime - horizonMs;
        p.seen.values().removeIf(first -> first < cutoff);
        int before = p.tasks.size() + p.steps.size() + p.leases.size();
        p.tasks.values().removeIf(s -> s.finished() && s.touched < cutoff
                || s.knownFromCallsOnly() && s.namedByCallAt < cutoff);
        p.steps.values().removeIf(s -> s.terminal != null && s.touched < cutoff);
        p.leases.values().removeIf(l -> l.ended && l.acquired && l.touched < cutoff);
        forgotten += before - (p.tasks.size() + p.steps.size() + p.leases.size());
    }
}
