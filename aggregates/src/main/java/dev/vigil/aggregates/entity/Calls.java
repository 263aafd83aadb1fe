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
import java.util.List;
import java.util.OptionalDouble;

/**
 * The series updates of one {@code agent.call.completed} (docs/aggregates.md, "Calls"). A call is
 * complete in one event, so there is no state beyond deduplication: only updates.
 */
public final class Calls {
    /** {@code direction} label values of {@code model_tokens_total}. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private Calls() {
    }

    /**
     * @param late   whether the event is late: it then stays out of {@code agent_call_success_ratio}
     *               and counts in {@code vigil_late_events_total}
     * @param prices prices for a call without its own {@code cost_usd}
     */
    public static List<SeriesUpdate> updates(CallCompleted event, boolean late, PriceTable prices) {
        String agent = event.agentName();
        String model = event.modelName();
        List<SeriesUpdate> updates = new ArrayList<>(8);
        updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.AGENT_CALL_TOTAL, agent, event.capability(), model,
                event.status().wireName()), 1));
        updates.add(new SeriesUpdate.Observe(SeriesKey.of(Metric.AGENT_CALL_LATENCY_SECONDS, agent, model),
                event.latencyMs() / 1000.0));
        updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, agent, model, INPUT),
                event.inputTokens()));
        updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, agent, model, OUTPUT),
                event.outputTokens()));
        SeriesKey costKey = SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, agent, model);
        if (event.costUsd() != null) {
            updates.add(new SeriesUpdate.Add(costKey, event.costUsd()));
        } else {
            OptionalDouble priced = prices.cost(model, event.inputTokens(), event.outputTokens());
            updates.add(new SeriesUpdate.Add(costKey, priced.orElse(0)));
            if (priced.isEmpty()) {
                updates.add(new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_UNPRICED_CALLS_TOTAL, model), 1));
            }
        }
        if (!late) {
            updates.add(new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, agent),
                    event.meta().time().toEpochMilli(), event.status() == CallStatus.OK));
        } else {
            updates.add(Lateness.counted(EventType.CALL_COMPLETED));
        }
        return List.copyOf(updates);
    }
}
