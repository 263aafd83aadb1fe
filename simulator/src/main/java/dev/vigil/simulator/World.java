package dev.vigil.simulator;

import dev.vigil.simulator.Vocabulary.Agent;
import dev.vigil.simulator.Vocabulary.Model;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The simulated platform: a discrete-event simulation of tasks, their steps, agent calls, resource leases and pool
 * reports, on a simulated clock. {@link #next()} returns the valid events in publication order. All state is
 * driven by one {@link Rand}, so a seed fixes everything.
 *
 * <p>Out-of-order publication is modelled by parking an event (it keeps its event time) until a later event of
 * the same entity has been published, or until a deadline of at most a few minutes.
 */
final class World {

    /** A valid event and how it goes on the wire. */
    record Draft(SimEvent event, Codec.Encoding encoding) {
    }

    private record Timer(long at, long seq, Runnable action) {
    }

    /** An event held back; released after an event tagged {@code waitFor}, or at its deadline. */
    private static final class Parked {
        final Draft draft;
        final String waitFor;
        boolean released;

        Parked(Draft draft, String waitFor) {
            this.draft = draft;
            this.waitFor = waitFor;
        }
    }

    private record Trace(String traceId, String state) {
    }

    private static final class Task {
        String id;
        String source;
        String tenant;
        Trace trace;
        List<Agent> plan;
        int cancelAt = -1;
        boolean cancelWhileQueued;
        long submittedAt;
        boolean subjects;
    }

    private static final class Step {
        Task task;
        int index;
        int attempt;
        boolean attemptField;
        Agent agent;
        Model model;
        long runningAt;
        Lease lease;
        int callsLeft;

        String stepId() {
            return "step-" + (index + 1);
        }

        String tag() {
            return task.id + "/" + stepId() + "/" + attempt;
        }
    }

    /**
     * How a lease ends: released with its step, revoked early, released with reason {@code expired} (after its
     * TTL, before it by an idle reaper, or without a TTL), or never released (TTL expiry; or, without a TTL, held
     * forever as far as Vigil can tell).
     */
    private enum ReleaseMode { NORMAL, REVOKED, EXPIRED, NEVER }

    private static final class Lease {
        String id;
        String source;
        String pool;
        int resource;
        Long ttlMs;
        long acquiredAt;
        ReleaseMode mode;
        boolean released;
        Trace trace;
    }

    private static final class Pool {
        final String name;
        final int baseCapacity;
        final boolean[] inUse;
        int capacity;

        Pool(String name, int baseCapacity) {
            this.name = name;
            this.baseCapacity = baseCapacity;
            this.capacity = baseCapacity;
            this.inUse = new boolean[baseCapacity + 8];
        }
    }

    /** About how long a task takes, to pace arrivals so that {@code concurrentTasks} are in flight. */
    private static final double TASK_MS_ESTIMATE = 40_000;
    private static final long GRACE_SAFE_DELAY_MS = 240_000;
    /** Beyond Vigil's default grace (5 m): such a report is late, left out of the windowed ratios. */
    private static final long BEYOND_GRACE_MIN_MS = 360_000;
    private static final long BEYOND_GRACE_MAX_MS = 600_000;

    private final Rand rnd;
    private final GeneratorOptions opts;
    private final double arrivalMeanMs;
    private final PriorityQueue<Timer> agenda =
            new PriorityQueue<>(Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq));
    private final ArrayDeque<Draft> ready = new ArrayDeque<>();
    private final List<Parked> parked = new ArrayList<>();
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private long clock;
    private long seq;
    private long tasksInFlight;

    World(Rand rnd, GeneratorOptions opts) {
        this.rnd = rnd;
        this.opts = opts;
        this.clock = opts.start().toEpochMilli();
        this.arrivalMeanMs = TASK_MS_ESTIMATE / opts.concurrentTasks();
        pools.put(Vocabulary.POOL_BROWSER, new Pool(Vocabulary.POOL_BROWSER, 20));
        pools.put(Vocabulary.POOL_GPU, new Pool(Vocabulary.POOL_GPU, 8));
        for (Pool p : pools.values()) {
            at(clock + rnd.between(0, 2_000), () -> poolReport(p));
        }
        at(clock, this::taskArrival);
        at(clock + (long) rnd.exponential(15_000), this::adHocCall);
    }

    /** The simulated clock, epoch ms. */
    long clock() {
        return clock;
    }

    /** Tasks submitted and not yet terminal. */
    long tasksInFlight() {
        return tasksInFlight;
    }

    /** The next valid event to publish; advances the clock as needed. */
    Draft next() {
        while (ready.isEmpty()) {
            Timer t = agenda.poll();
            clock = Math.max(clock, t.at());
            t.action().run();
        }
        return ready.poll();
    }

    // ------------------------------------------------------------------------------------------------ scheduling

    private void at(long when, Runnable action) {
        agenda.add(new Timer(when, seq++, action));
    }

    private void after(long delayMs, Runnable action) {
        at(clock + delayMs, action);
    }

    /** Publishes now, then releases (right after it) the parked events waiting for one of its tags. */
    private void publish(Draft d, String... tags) {
        ready.add(d);
        if (parked.isEmpty() || tags.length == 0) {
            return;
        }
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            for (String tag : tags) {
                if (tag.equals(p.waitFor)) {
                    p.released = true;
                    ready.add(p.draft);
                    it.remove();
                    break;
                }
            }
        }
    }

    /** Holds an event back until an event tagged {@code waitFor} is published, or at most {@code maxDelayMs}. */
    private void park(Draft d, String waitFor, long maxDelayMs) {
        Parked p = new Parked(d, waitFor);
        parked.add(p);
        after(maxDelayMs, () -> {
            if (!p.released) {
                p.released = true;
                parked.remove(p);
                ready.add(p.draft);
            }
        });
    }

    // -------------------------------------------------------------------------------------------------- events

    private Draft draft(String source, EventType type, String key, Map<String, Object> data, String subject,
                        Trace trace) {
        String id = rnd.uuid();
        Instant time = rnd.chance(opts.missingTimeShare()) ? null : Instant.ofEpochMilli(clock);
        String traceparent = null;
        String tracestate = null;
        if (trace != null) {
            traceparent = "00-" + trace.traceId() + "-" + rnd.hex(16) + "-01";
            tracestate = trace.state();
        }
        SimEvent e = new SimEvent(source, id, type, time, subject, traceparent, tracestate, key, data);
        return new Draft(e, encoding());
    }

    private Codec.Encoding encoding() {
        double x = rnd.nextDouble();
        int offset = rnd.chance(0.03) ? rnd.pick(120, -300, 330, 60) : 0;
        if (x < opts.binaryShare()) {
            return new Codec.Encoding(ContentMode.BINARY, rnd.chance(0.97) ? Codec.JSON_TYPE : null, false, false,
                    offset);
        }
        boolean dct = rnd.chance(0.3);
        if (x < opts.binaryShare() + opts.headerlessShare()) {
            return new Codec.Encoding(ContentMode.STRUCTURED_HEADERLESS, null, dct, false, offset);
        }
        return new Codec.Encoding(ContentMode.STRUCTURED, rnd.pick(Codec.STRUCTURED_TYPES), dct, rnd.chance(0.01),
                offset);
    }

    /** A duration in ms: mostly whole, sometimes fractional (durations are fractional milliseconds). */
    private Object millis(double ms) {
        if (rnd.chance(0.3)) {
            return Math.round(ms * 1000.0 + rnd.between(0, 999)) / 1000.0;
        }
        return Math.round(ms);
    }

    // --------------------------------------------------------------------------------------------------- tasks

    private void taskArrival() {
        startTask();
        after(Math.max(1, (long) rnd.exponential(arrivalMeanMs)), this::taskArrival);
    }

    private void startTask() {
        Task t = new Task();
        t.id = "task-" + rnd.hex(12);
        t.source = rnd.chance(0.7) ? Vocabulary.TASK_SOURCES.get(0) : Vocabulary.TASK_SOURCES.get(1);
        t.tenant = rnd.chance(0.8) ? rnd.pick(Vocabulary.TENANTS) : null;
        t.trace = rnd.chance(opts.traceShare()) ? new Trace(rnd.hex(32), rnd.chance(0.1) ? "vigil=sim" : null) : null;
        t.subjects = rnd.chance(0.3);
        List<Agent> plan = new ArrayList<>();
        if (rnd.chance(0.9)) {
            plan.add(Vocabulary.PLANNER);
        }
        int work = rnd.between(1, 3);
        for (int i = 0; i < work; i++) {
            plan.add(Vocabulary.WORKERS.get(rnd.weighted(Vocabulary.WORKER_WEIGHTS)));
        }
        if (rnd.chance(0.7)) {
            plan.add(Vocabulary.REVIEWER);
        }
        t.plan = plan;
        if (rnd.chance(0.03)) {
            t.cancelAt = rnd.nextInt(plan.size());
            t.cancelWhileQueued = rnd.chance(0.5);
        }
        t.submittedAt = clock;
        tasksInFlight++;
        Draft d = taskEvent(t, "submitted", null, null);
        if (rnd.chance(opts.outOfOrderShare())) {
            park(d, "task-running:" + t.id, 60_000); // a late submitted, published after running
        } else {
            publish(d);
        }
        after(rnd.between(100, 3_000), () -> taskRunning(t));
    }

    private void taskRunning(Task t) {
        Draft d = taskEvent(t, "running", null, null);
        if (rnd.chance(opts.outOfOrderShare())) {
            park(d, "task-terminal:" + t.id, GRACE_SAFE_DELAY_MS); // running published after the terminal status
        } else {
            publish(d, "task-running:" + t.id);
        }
        after(rnd.between(10, 500), () -> startStep(t, 0, 1));
    }

    private void taskEnd(Task t, String status, String errorType) {
        Object duration = rnd.chance(0.6) ? millis(clock - t.submittedAt) : null;
        publish(taskEvent(t, status, duration, errorType), "task-terminal:" + t.id);
        tasksInFlight--;
        if (rnd.chance(0.01)) {
            // A contradictory late report (e.g. a zombie worker): accepted, but changes nothing.
            List<String> others = new ArrayList<>(Vocabulary.TASK_TERMINAL);
            others.remove(status);
            String other = rnd.pick(others);
            after(rnd.between(1_000, 30_000), () -> publish(taskEvent(t, other, null,
                    "failed".equals(other) ? "worker_lost" : null)));
        }
    }

    private Draft taskEvent(Task t, String status, Object durationMs, String errorType) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", t.id);
        data.put("status", status);
        Codec.putIfNotNull(data, "duration_ms", durationMs);
        Codec.putIfNotNull(data, "error_type", errorType);
        if (t.tenant != null && ("submitted".equals(status) || rnd.chance(0.3))) {
            data.put("tenant", t.tenant);
        }
        return draft(t.source, EventType.TASK_STATUS_CHANGED, t.id, data, t.subjects ? "tasks/" + t.id : null,
                t.trace);
    }

    // --------------------------------------------------------------------------------------------------- steps

    private void startStep(Task t, int index, int attempt) {
        Step s = new Step();
        s.task = t;
        s.index = index;
        s.attempt = attempt;
        s.attemptField = attempt > 1 || rnd.chance(0.5);
        s.agent = t.plan.get(index);
        s.model = s.agent.models().get(rnd.weighted(s.agent.modelWeights()));
        publish(stepEvent(s, "queued", null, null));
        if (t.cancelAt == index && t.cancelWhileQueued) {
            after(rnd.between(500, 5_000), () -> {
                publish(stepEvent(s, "cancelled", null, null), "step-terminal:" + s.tag());
                taskEnd(t, "cancelled", rnd.chance(0.5) ? "cancelled_by_user" : null);
            });
            return;
        }
        long wait = switch (s.agent.capability()) {
            case "browse" -> rnd.between(200, 8_000);
            case "code" -> rnd.between(100, 5_000);
            default -> rnd.between(50, 2_000);
        };
        if (s.model == Vocabulary.LLAMA_3_70B) {
            wait += rnd.between(0, 10_000); // waiting for a GPU
        }
        after(wait, () -> stepRunning(s));
    }

    private void stepRunning(Step s) {
        s.runningAt = clock;
        Draft d = stepEvent(s, "running", null, null);
        if (rnd.chance(opts.outOfOrderShare())) {
            park(d, "step-terminal:" + s.tag(), GRACE_SAFE_DELAY_MS);
        } else {
            publish(d);
        }
        String pool = "browse".equals(s.agent.capability()) ? Vocabulary.POOL_BROWSER
                : s.model == Vocabulary.LLAMA_3_70B ? Vocabulary.POOL_GPU : null;
        if (pool != null) {
            s.lease = acquireLease(s, pools.get(pool));
        }
        s.callsLeft = rnd.between(s.agent.callsMin(), s.agent.callsMax());
        nextCall(s);
    }

    private void nextCall(Step s) {
        Model model = rnd.chance(0.8) ? s.model : s.agent.models().get(rnd.weighted(s.agent.modelWeights()));
        double latency = Math.max(20.0, rnd.logNormal(model.medianLatencyMs(), 0.6));
        long gap = rnd.between(50, 2_500); // tool work between calls
        after(gap + (long) Math.ceil(latency), () -> {
            boolean error = call(s.agent, model, latency, s);
            s.callsLeft--;
            if (error && rnd.chance(0.5)) {
                s.callsLeft++; // the agent retries the failed call
            }
            if (s.callsLeft > 0) {
                nextCall(s);
            } else {
                after(rnd.between(50, 1_500), () -> stepEnd(s));
            }
        });
    }

    private void stepEnd(Step s) {
        Task t = s.task;
        String status;
        String error = null;
        if (t.cancelAt == s.index) {
            status = "cancelled";
        } else {
            int r = rnd.weighted(0.9, 0.05, 0.05);
            status = r == 0 ? "succeeded" : r == 1 ? "failed" : "timed_out";
            if (r == 1) {
                error = rnd.pick(Vocabulary.STEP_ERRORS);
            } else if (r == 2) {
                error = "timeout";
            }
        }
        if (s.lease != null && s.lease.mode == ReleaseMode.NORMAL) {
            releaseLease(s.lease, "released");
        }
        Object duration = rnd.chance(0.7) ? millis(clock - s.runningAt) : null;
        publish(stepEvent(s, status, duration, error), "step-terminal:" + s.tag());
        switch (status) {
            case "cancelled" -> after(rnd.between(10, 500),
                    () -> taskEnd(t, "cancelled", rnd.chance(0.5) ? "cancelled_by_user" : null));
            case "succeeded" -> {
                if (s.index + 1 < t.plan.size()) {
                    after(rnd.between(10, 800), () -> startStep(t, s.index + 1, 1));
                } else {
                    after(rnd.between(10, 800), () -> taskEnd(t, "succeeded", null));
                }
            }
            default -> {
                if (s.attempt < 3 && rnd.chance(0.7)) {
                    after(rnd.between(1_000, 10_000), () -> startStep(t, s.index, s.attempt + 1));
                } else {
                    String taskError = "timed_out".equals(status) ? "timeout" : "step_failed";
                    after(rnd.between(10, 800), () -> taskEnd(t, "failed", taskError));
                }
            }
        }
    }

    private Draft stepEvent(Step s, String status, Object durationMs, String errorType) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", s.task.id);
        data.put("step_id", s.stepId());
        data.put("status", status);
        data.put("agent_name", s.agent.name());
        data.put("capability", s.agent.capability());
        if (s.attemptField) {
            data.put("attempt", (long) s.attempt);
        }
        Codec.putIfNotNull(data, "duration_ms", durationMs);
        Codec.putIfNotNull(data, "error_type", errorType);
        return draft(s.task.source, EventType.STEP_STATUS_CHANGED, s.task.id, data,
                s.task.subjects ? "tasks/" + s.task.id + "/" + s.stepId() : null, s.task.trace);
    }

    // --------------------------------------------------------------------------------------------------- calls

    /** Publishes one completed agent call; returns whether it failed. */
    private boolean call(Agent agent, Model model, double latencyMs, Step step) {
        boolean error = rnd.chance(0.04);
        long input = rnd.between(agent.inputMin(), agent.inputMax());
        long output = error ? (rnd.chance(0.7) ? 0 : rnd.between(1, 50)) : rnd.between(20, 2_500);
        Map<String, Object> data = new LinkedHashMap<>();
        String callId = "call-" + rnd.hex(12);
        data.put("call_id", callId);
        data.put("agent_name", agent.name());
        data.put("capability", agent.capability());
        data.put("model_name", model.name());
        data.put("status", error ? "error" : "ok");
        data.put("latency_ms", rnd.chance(0.3) ? Math.round(latencyMs * 10.0) / 10.0 : (Object) Math.round(latencyMs));
        data.put("input_tokens", input);
        data.put("output_tokens", output);
        if (rnd.chance(0.4)) {
            // a provider with prompt caching says how much of the input it served from the cache
            data.put("cached_input_tokens", rnd.chance(0.1) ? 0L : rnd.between(0L, input));
        }
        if (step == null ? rnd.chance(0.5) : rnd.chance(0.1)) {
            data.put("tenant", rnd.pick(Vocabulary.TENANTS));
        }
        if (step != null && rnd.chance(0.95)) {
            data.put("task_id", step.task.id);
            if (rnd.chance(0.95)) {
                data.put("step_id", step.stepId());
            }
        }
        if (rnd.chance(model == Vocabulary.LLAMA_3_70B ? 0.5 : 0.35)) {
            data.put("cost_usd", model.cost(input, output));
        }
        if (error) {
            data.put("error_type", rnd.pick(Vocabulary.CALL_ERRORS));
        }
        // Keyed as docs/events.md says: by the call's task when it names one, else by the call.
        Object taskKey = data.get("task_id");
        Draft d = draft(Vocabulary.CALL_SOURCE, EventType.CALL_COMPLETED, taskKey != null ? (String) taskKey : callId,
                data, null,
                step == null ? null : step.task.trace);
        double x = rnd.nextDouble();
        if (x < opts.outOfOrderShare() / 2) {
            park(d, null, rnd.between(5_000, 120_000)); // a late call report
        } else if (x < opts.outOfOrderShare()) {
            park(d, null, rnd.between(BEYOND_GRACE_MIN_MS, BEYOND_GRACE_MAX_MS)); // later than grace
        } else {
            publish(d);
        }
        return error;
    }

    /** Calls outside any task (e.g. chat), with no task_id. */
    private void adHocCall() {
        Agent agent = rnd.chance(0.5) ? Vocabulary.PLANNER : Vocabulary.RESEARCHER;
        Model model = agent.models().get(rnd.weighted(agent.modelWeights()));
        call(agent, model, Math.max(20.0, rnd.logNormal(model.medianLatencyMs(), 0.6)), null);
        after(Math.max(1, (long) rnd.exponential(15_000)), this::adHocCall);
    }

    // -------------------------------------------------------------------------------------------------- leases

    private Lease acquireLease(Step s, Pool pool) {
        Lease l = new Lease();
        l.id = "lease-" + rnd.hex(12);
        l.source = s.task.source;
        l.pool = pool.name;
        l.trace = s.task.trace;
        l.resource = allocate(pool);
        l.acquiredAt = clock;
        if (rnd.chance(0.75)) {
            l.ttlMs = Vocabulary.POOL_BROWSER.equals(pool.name) ? rnd.pick(120_000L, 180_000L, 300_000L)
                    : rnd.pick(300_000L, 600_000L);
        }
        int m = rnd.weighted(0.88, 0.03, 0.05, 0.04);
        l.mode = switch (m) {
            case 1 -> ReleaseMode.REVOKED;
            case 2 -> ReleaseMode.EXPIRED;
            case 3 -> ReleaseMode.NEVER;
            default -> ReleaseMode.NORMAL;
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lease_id", l.id);
        data.put("resource_id", resourceId(pool.name, l.resource));
        data.put("pool", pool.name);
        if (rnd.chance(0.95)) {
            data.put("agent_name", s.agent.name());
        }
        if (rnd.chance(0.95)) {
            data.put("task_id", s.task.id);
            if (rnd.chance(0.95)) {
                data.put("step_id", s.stepId());
            }
        }
        Codec.putIfNotNull(data, "ttl_ms", l.ttlMs);
        Draft d = draft(l.source, EventType.LEASE_ACQUIRED, l.id, data, null, l.trace);
        boolean releasedSoon = l.mode == ReleaseMode.NORMAL || l.mode == ReleaseMode.REVOKED;
        if (releasedSoon && rnd.chance(opts.outOfOrderShare() * 1.5)) {
            park(d, "lease-released:" + l.id, 180_000); // released published before acquired
        } else {
            publish(d);
        }
        switch (l.mode) {
            case REVOKED -> after(rnd.between(500, 20_000), () -> releaseLease(l, "revoked"));
            case EXPIRED -> {
                long at;
                if (l.ttlMs == null) {
                    at = l.acquiredAt + rnd.between(30_000, 240_000); // an idle reaper, no TTL
                } else if (rnd.chance(0.5)) {
                    at = l.acquiredAt + l.ttlMs + rnd.between(0, 5_000); // reported after the TTL ran out
                } else {
                    at = l.acquiredAt + (long) (l.ttlMs * (0.3 + 0.6 * rnd.nextDouble())); // reaped before the TTL
                }
                at(at, () -> releaseLease(l, "expired"));
            }
            case NEVER -> at(l.acquiredAt + (l.ttlMs != null ? l.ttlMs : rnd.between(60_000, 600_000)),
                    () -> free(pool, l.resource)); // silently dropped; without a TTL Vigil holds it forever
            default -> {
            }
        }
        return l;
    }

    private void releaseLease(Lease l, String reason) {
        if (l.released) {
            return;
        }
        l.released = true;
        free(pools.get(l.pool), l.resource);
        publish(leaseReleased(l, reason), "lease-released:" + l.id);
        if (rnd.chance(0.01)) {
            // A second release of the same lease (new event): accepted, changes nothing.
            after(rnd.between(1_000, 20_000), () -> publish(leaseReleased(l, "released")));
        }
    }

    private Draft leaseReleased(Lease l, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lease_id", l.id);
        data.put("pool", l.pool);
        if (rnd.chance(0.8)) {
            data.put("resource_id", resourceId(l.pool, l.resource));
        }
        if (!"released".equals(reason) || rnd.chance(0.9)) {
            data.put("reason", reason);
        }
        return draft(l.source, EventType.LEASE_RELEASED, l.id, data, null, l.trace);
    }

    private int allocate(Pool pool) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < pool.capacity; i++) {
            if (!pool.inUse[i]) {
                free.add(i);
            }
        }
        int r = free.isEmpty() ? rnd.nextInt(pool.capacity) : rnd.pick(free); // oversubscribed when none is free
        pool.inUse[r] = true;
        return r;
    }

    private static void free(Pool pool, int resource) {
        pool.inUse[resource] = false;
    }

    private static String resourceId(String pool, int index) {
        return String.format("%s-%02d", pool, index + 1);
    }

    // --------------------------------------------------------------------------------------------------- pools

    private void poolReport(Pool p) {
        if (p.capacity != p.baseCapacity && rnd.chance(0.1)) {
            p.capacity = p.baseCapacity;
        } else if (rnd.chance(0.05)) {
            p.capacity = p.baseCapacity + rnd.pick(-4, 4);
        }
        long healthy;
        String state;
        if (rnd.chance(0.005)) {
            healthy = 0;
            state = "down";
        } else {
            healthy = p.capacity - rnd.weighted(0.8, 0.15, 0.05);
            state = healthy == p.capacity ? "healthy" : "degraded";
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pool", p.name);
        data.put("capacity", (long) p.capacity);
        if (rnd.chance(0.9)) {
            data.put("healthy", healthy);
        }
        if (rnd.chance(0.85)) {
            data.put("state", state);
        }
        Draft d = draft(Vocabulary.POOL_SOURCE, EventType.POOL_STATUS, p.name, data, null, null);
        if (rnd.chance(opts.outOfOrderShare() * 4)) {
            park(d, "pool:" + p.name, 60_000); // overtaken by the next report
        } else {
            publish(d, "pool:" + p.name);
        }
        after(rnd.between(10_000, 20_000), () -> poolReport(p));
    }
}
