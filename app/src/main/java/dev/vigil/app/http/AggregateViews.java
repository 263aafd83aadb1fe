package dev.vigil.app.http;

import dev.vigil.aggregates.entity.LeaseState;
import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@code /api/v1/aggregates/...}: explicit maps, so the API does not change when
 * an internal state record gains a field.
 */
final class AggregateViews {
    private AggregateViews() {
    }

    static Map<String, Object> task(String taskId, TaskState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", taskId);
        m.put("submitted", s.submitted());
        m.put("submitted_at", s.submitted() ? time(s.submittedAtMs()) : null);
        m.put("active", s.active());
        m.put("status", s.terminal() != null ? s.terminal().wireName() : (s.active() ? "active" : null));
        m.put("terminal_at", s.terminal() != null ? time(s.terminalAtMs()) : null);
        m.put("tenant", s.tenant());
        m.put("cost_usd", s.costUsd());
        return m;
    }

    static Map<String, Object> lease(String leaseId, LeaseState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lease_id", leaseId);
        m.put("pool", s.poolLabel());
        m.put("agent_name", s.agentName());
        m.put("active", s.isActive());
        m.put("acquired_at", s.acquired() ? time(s.acquiredAtMs()) : null);
        m.put("ttl_ms", s.ttlMs() > 0 ? s.ttlMs() : null);
        m.put("released_at", s.released() ? time(s.releasedAtMs()) : null);
        m.put("release_reason", s.reason() != null ? s.reason().wireName() : null);
        m.put("expired_by_ttl", s.ttlExpired());
        return m;
    }

    /**
     * The samples of one metric group whose {@code label} equals {@code value}, by metric name. One
     * group only, so that every instance gives the same answer: a group lives in one partition.
     */
    static Map<String, Object> metricsWithLabel(List<MetricFamilySnapshot> families, MetricGroup group,
                                                String label, String value) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MetricFamilySnapshot family : families) {
            int index = family.labelNames().indexOf(label);
            if (family.metric().group() != group || index < 0) {
                continue;
            }
            List<Map<String, Object>> samples = new ArrayList<>();
            for (MetricSample sample : family.samples()) {
                if (value.equals(sample.labelValues().get(index))) {
                    samples.add(sample(family, sample));
                }
            }
            if (!samples.isEmpty()) {
                out.put(family.name(), samples);
            }
        }
        return out;
    }

    private static Map<String, Object> sample(MetricFamilySnapshot family, MetricSample sample) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < family.labelNames().size(); i++) {
            labels.put(family.labelNames().get(i), sample.labelValues().get(i));
        }
        m.put("labels", labels);
        if (sample instanceof MetricSample.Value v) {
            m.put("value", v.value());
        } else if (sample instanceof MetricSample.HistogramValue h) {
            m.put("count", h.count());
            m.put("sum", h.sum());
            Map<String, Long> buckets = new LinkedHashMap<>();
            for (int i = 0; i < h.upperBounds().size(); i++) {
                buckets.put(Double.toString(h.upperBounds().get(i)), h.cumulativeCounts().get(i));
            }
            buckets.put("+Inf", h.count());
            m.put("buckets", buckets);
        }
        return m;
    }

    private static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
