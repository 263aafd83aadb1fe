package dev.vigil.aggregates.entity;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.PriceTable;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The series updates of one {@code agent.call.completed} (docs/aggregates.md, "Calls"). A call is
 * complete in one event; the state it touches is its task's ({@code task_id}, when it names one),
 * which gives the call its tenant and adds the call's cost to the task's.
 */
public final class Calls {
    /** {@code direction} label values of {@code model_tokens_total} and {@code tenant_tokens_total}. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    /** Input tokens served from the provider's prompt cache; {@link #INPUT} counts the uncached rest. */
    public static final String CACHED_INPUT = "cached_input";

    private Calls() {
    }

    /**
     * Applies one call that names its task ({@code task_id}) to that task.
     *
     * @param task   the state of the call's task, or null when the task is not known (yet, or any more)
     * @param late   whether the event is late: it then stays out of {@code agent_call_success_ratio}
     *               and counts in {@code vigil_late_events_total}
     * @param prices prices for a call without its own {@code cost_usd}
     * @return the task's next state and the call's updates
     * @throws IllegalArgumentException for a call without {@code task_id}: see {@link #updates}
     */
    public static Transition<TaskState> apply(TaskState task, CallCompleted event, boolean late, PriceTable prices) {
        if (event.taskId() == null) {
            throw new IllegalArgumentException("call " + event.callId() + " names no task");
        }
        String tenant = event.tenant() != null ? event.tenant() : Tasks.tenantOf(task);
        List<SeriesUpdate> updates = new ArrayList<>(14);
        double cost = updates(event, late, prices, tenant, updates);
        TaskState known = task == null ? TaskState.initial() : task;
        TaskState next;
        if (known.isTerminal()) {
            // Its task_cost_usd is observed already: the call counts everywhere else, and as late cost.
            updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_LATE_COST_USD_TOTAL), cost));
            next = known;
        } else {
            next = known.plusCost(cost);
        }
        return new Transition<>(next, List.copyOf(updates));
    }

    /**
     * The updates of a call that names no task (no state: its tenant is its own, else {@code unknown}),
     * or of any call taken alone (tests, benchmarks).
     */
    public static List<SeriesUpdate> updates(CallCompleted event, boolean late, PriceTable prices) {
        List<SeriesUpdate> updates = new ArrayList<>(14);
        updates(event, late, prices, event.tenant() != null ? event.tenant() : Tasks.UNKNOWN_TENANT, updates);
        return List.copyOf(updates);
    }

    /** Adds the call's updates; returns its cost (its own, else priced, else 0). */
    private static double updates(CallCompleted event, boolean late, PriceTable prices, String tenant,
                                  List<SeriesUpdate> updates) {
        String agent = event.agentName();
        String model = event.modelName();
        updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.AGENT_CALL_TOTAL, agent, event.capability(), model,
                event.status().wireName()), 1));
        updates.add(new SeriesUpdate.Observe(SeriesKey.of(Metric.AGENT_CALL_LATENCY_SECONDS, agent, model),
                event.latencyMs() / 1000.0));
        addTokens(updates, event, Metric.MODEL_TOKENS_TOTAL, agent, model);
        long cached = event.cachedInputTokensOrZero();
        SeriesKey costKey = SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, agent, model);
        double cost;
        if (event.costUsd() != null) {
            cost = event.costUsd();
            updates.add(new SeriesUpdate.Add(costKey, cost));
        } else {
            OptionalDouble priced = prices.cost(model, event.inputTokens(), cached, event.outputTokens());
            cost = priced.orElse(0);
            updates.add(new SeriesUpdate.Add(costKey, cost));
            if (priced.isEmpty()) {
                updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_UNPRICED_CALLS_TOTAL, model), 1));
            }
        }
        updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.TENANT_CALLS_TOTAL, tenant), 1));
        updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.TENANT_COST_USD_TOTAL, tenant), cost));
        addTokens(updates, event, Metric.TENANT_TOKENS_TOTAL, tenant);
        if (!late) {
            updates.add(new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, agent),
                    event.meta().time().toEpochMilli(), event.status() == CallStatus.OK));
        } else {
            updates.add(Lateness.counted(EventType.CALL_COMPLETED));
        }
        return cost;
    }

    /**
     * The call's tokens by direction in a family whose labels are {@code labels} then {@code direction}:
     * {@code input} the uncached part, {@code output}, and {@code cached_input} only when the call
     * reported it (a call that did not must not create that series).
     */
    private static void addTokens(List<SeriesUpdate> updates, CallCompleted event, Metric metric, String... labels) {
        long cached = event.cachedInputTokensOrZero();
        updates.add(new SeriesUpdate.Add(SeriesKey.of(metric, withDirection(labels, INPUT)),
                event.inputTokens() - cached));
        updates.add(new SeriesUpdate.Add(SeriesKey.of(metric, withDirection(labels, OUTPUT)), event.outputTokens()));
        if (event.cachedInputTokens() != null) {
            updates.add(new SeriesUpdate.Add(SeriesKey.of(metric, withDirection(labels, CACHED_INPUT)), cached));
        }
    }

    private static String[] withDirection(String[] labels, String direction) {
        String[] values = Arrays.copyOf(labels, labels.length + 1);
        values[labels.length] = direction;
        return values;
    }
}
