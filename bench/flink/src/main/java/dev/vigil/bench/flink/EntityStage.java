package dev.vigil.bench.flink;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The entity stage, keyed by the entity key ({@code task_id} for tasks and steps, {@code call_id} for calls), as
 * Vigil's is by entity partition. Per entity, in arrival order, with its state in RocksDB:
 *
 * <ol>
 *   <li><b>Deduplication</b> by ({@code source}, {@code id}): an identity seen before for this entity is a duplicate
 *       and changes nothing. Vigil remembers identities per entity partition for {@code aggregates.dedup_horizon}
 *       (24 h of stream time); the peer remembers them per entity for the whole run. The two agree whenever a
 *       duplicate is a re-send of its own entity's event (always so in the simulator, whose re-sends are byte
 *       copies) and the input spans less than the horizon in event time (the bench's preload: about 25 simulated
 *       seconds per 1,000 records, so up to ~3.4 million records).</li>
 *   <li><b>Tasks</b> (docs/events.md, Ordering): {@code task_total{status}} counts {@code submitted} once whenever it
 *       arrives, and the first terminal status ({@code succeeded}, {@code failed}, {@code cancelled}) once; a later
 *       terminal status, and {@code running}, count nothing.</li>
 *   <li><b>Steps</b>, per ({@code task_id}, {@code step_id}, {@code attempt}): the first {@code running} fixes the
 *       start; the first terminal status ({@code succeeded}, {@code failed}, {@code cancelled}, {@code timed_out})
 *       observes {@code step_duration_seconds{agent_name, capability, status}} with {@code duration_ms / 1000} when
 *       the event has it, else {@code max(0, time − start) / 1000} when a {@code running} came first, else
 *       nothing; later events of a finished step change nothing.</li>
 *   <li><b>Calls</b>: {@code agent_call_total{agent_name, capability, model_name, status}} + 1,
 *       {@code model_tokens_total{…, direction}} + the input and output tokens, {@code model_cost_usd_total} + the
 *       call's own {@code cost_usd}, else {@code input × in_price / 10⁶ + output × out_price / 10⁶} from the price
 *       table, else 0 and {@code vigil_unpriced_calls_total{model_name}} + 1.</li>
 * </ol>
 *
 * <p>Left out, because no metric of the subset depends on them: lateness (it only moves the windowed ratios and
 * {@code vigil_late_events_total}), {@code active_tasks}, {@code queue_depth}, task durations, call latency, the
 * windows, leases and pools. The cardinality cap is not applied: the simulator's vocabulary (5 agents, 4 models)
 * stays far below its 2,000 series per metric.
 */
public final class EntityStage extends KeyedProcessFunction<String, PeerEvent, SeriesUpdate> {
    private static final long serialVersionUID = 1L;

    /** Step flags, kept in one long with the start time. */
    private static final long RUNNING = 1L << 62;
    private static final long TERMINAL = 1L << 61;
    /** Task flags. */
    private static final int SUBMITTED = 1;
    private static final int FINISHED = 2;

    private final PriceTable prices;
    private transient MapState<String, Boolean> seen;
    /** Per task: {@link #SUBMITTED} and {@link #FINISHED} once counted. */
    private transient ValueState<Integer> task;
    /** Per step ({@code step_id \0 attempt}): {running, start time ms, terminal}. */
    private transient MapState<String, long[]> steps;
    private transient LongCounter duplicates;
    private transient LongCounter accepted;

    public EntityStage(PriceTable prices) {
        this.prices = prices;
    }

    @Override
    public void open(OpenContext context) {
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.BOOLEAN));
        task = getRuntimeContext().getState(new ValueStateDescriptor<>("task", Types.INT));
        steps = getRuntimeContext().getMapState(new MapStateDescriptor<>("steps", Types.STRING,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        duplicates = getRuntimeContext().getLongCounter(FlinkPeer.DUPLICATES);
        accepted = getRuntimeContext().getLongCounter(FlinkPeer.ACCEPTED);
    }

    @Override
    public void processElement(PeerEvent e, Context ctx, Collector<SeriesUpdate> out) throws Exception {
        if (seen.contains(e.identity)) {
            duplicates.add(1);
            return;
        }
        seen.put(e.identity, Boolean.TRUE);
        accepted.add(1);
        switch (e.kind) {
            case PeerEvent.TASK -> task(e, out);
            case PeerEvent.STEP -> step(e, out);
            case PeerEvent.CALL -> call(e, out);
            default -> throw new IllegalStateException("unknown kind " + e.kind);
        }
    }

    private void task(PeerEvent e, Collector<SeriesUpdate> out) throws Exception {
        int flag = switch (e.status) {
            case "submitted" -> SUBMITTED;
            case "running" -> 0;
            default -> FINISHED;
        };
        Integer flags = task.value();
        int now = flags == null ? 0 : flags;
        if (flag != 0 && (now & flag) == 0) {
            task.update(now | flag);
            out.collect(new SeriesUpdate(SeriesUpdate.key("task_total", "status", e.status), SeriesUpdate.ADD, 1));
        }
    }

    private void step(PeerEvent e, Collector<SeriesUpdate> out) throws Exception {
        long[] s = steps.get(e.step);
        long flags = s == null ? 0 : s[0];
        if ((flags & TERMINAL) != 0 || "queued".equals(e.status)) {
            return;
        }
        if ("running".equals(e.status)) {
            if ((flags & RUNNING) == 0) {
                steps.put(e.step, new long[] {RUNNING, e.timeMs});
            }
            return;
        }
        double seconds;
        if (!Double.isNaN(e.durationMs)) {
            seconds = e.durationMs / 1000.0;
        } else if ((flags & RUNNING) != 0) {
            seconds = Math.max(0L, e.timeMs - s[1]) / 1000.0;
        } else {
            seconds = Double.NaN;
        }
        steps.put(e.step, new long[] {flags | TERMINAL, s == null ? 0 : s[1]});
        if (!Double.isNaN(seconds)) {
            out.collect(new SeriesUpdate(SeriesUpdate.key("step_duration_seconds", "agent_name", e.agentName,
                    "capability", e.capability, "status", e.status), SeriesUpdate.OBSERVE, seconds));
        }
    }

    private void call(PeerEvent e, Collector<SeriesUpdate> out) {
        String agent = e.agentName;
        String model = e.modelName;
        out.collect(new SeriesUpdate(SeriesUpdate.key("agent_call_total", "agent_name", agent, "capability",
                e.capability, "model_name", model, "status", e.status), SeriesUpdate.ADD, 1));
        long cached = Math.max(0, e.cachedInputTokens);
        out.collect(new SeriesUpdate(SeriesUpdate.key("model_tokens_total", "agent_name", agent, "direction", "input",
                "model_name", model), SeriesUpdate.ADD, e.inputTokens - cached));
        out.collect(new SeriesUpdate(SeriesUpdate.key("model_tokens_total", "agent_name", agent, "direction",
                "output", "model_name", model), SeriesUpdate.ADD, e.outputTokens));
        if (e.cachedInputTokens >= 0) {
            out.collect(new SeriesUpdate(SeriesUpdate.key("model_tokens_total", "agent_name", agent, "direction",
                    "cached_input", "model_name", model), SeriesUpdate.ADD, cached));
        }
        String cost = SeriesUpdate.key("model_cost_usd_total", "agent_name", agent, "model_name", model);
        if (!Double.isNaN(e.costUsd)) {
            out.collect(new SeriesUpdate(cost, SeriesUpdate.ADD, e.costUsd));
        } else {
            double priced = prices.cost(model, e.inputTokens, cached, e.outputTokens);
            out.collect(new SeriesUpdate(cost, SeriesUpdate.ADD, Double.isNaN(priced) ? 0 : priced));
            if (Double.isNaN(priced)) {
                out.collect(new SeriesUpdate(SeriesUpdate.key("vigil_unpriced_calls_total", "model_name", model),
                        SeriesUpdate.ADD, 1));
            }
        }
    }
}
