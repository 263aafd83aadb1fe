package dev.vigil.app.status;

import java.util.List;
import java.util.Map;

/**
 * The whole application's summary, {@code GET /api/v1/summary}, what the status page shows. Its
 * fields are documented in docs/http-api.md.
 */
public record Summary(String generatedAt, boolean ready, List<SummaryPart.Instance> instances, Events events,
                      Long consumerLag, DeadLetters deadLetters, List<SummaryPart.FiringAlert> alerts,
                      List<SummaryPart.Pool> pools, Ranking agents, Ranking models,
                      Map<String, Double> taskSuccessRatio) {

    /** Input records: totals by outcome, and every (type, outcome) series. */
    public record Events(long accepted, long duplicate, long invalid, long total,
                         List<SummaryPart.EventCount> byType) {
    }

    public record DeadLetters(long total, Map<String, Long> byReason) {
    }

    /** The top agents (or models) by cost and by error ratio. */
    public record Ranking(List<Row> byCost, List<Row> byErrorRate) {
    }

    /** @param errorRatio errors / calls, null without calls */
    public record Row(String name, double calls, double errors, Double errorRatio, double costUsd) {
    }
}
