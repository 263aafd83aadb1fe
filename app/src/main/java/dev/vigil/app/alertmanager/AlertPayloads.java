package dev.vigil.app.alertmanager;

import dev.vigil.aggregates.series.EventRef;
import dev.vigil.alerting.AlertEvent;
import dev.vigil.alerting.AlertInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Maps Vigil's alerts to Alertmanager's, as Prometheus does (docs/alerting.md, Alertmanager): labels are
 * {@code alertname}, {@code severity}, the group labels and the rule's labels, and never anything naming the
 * instance, so every Vigil instance sends the same alert; a firing alert ends {@value #ENDS_AFTER_RESENDS}
 * resend intervals from now, so Alertmanager resolves it by itself if Vigil stops sending.
 */
public final class AlertPayloads {
    /** Prometheus' factor: three missed re-sends are tolerated before Alertmanager resolves it. */
    static final int ENDS_AFTER_RESENDS = 4;

    private final String externalUrl;
    private final Duration resendInterval;

    /**
     * @param externalUrl    base of the {@code generatorURL} links
     * @param resendInterval how often firing alerts are sent again
     */
    public AlertPayloads(String externalUrl, Duration resendInterval) {
        this.externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1)
                : externalUrl;
        this.resendInterval = resendInterval;
    }

    /** The alert of a transition the series stage just emitted. */
    public PostableAlert of(AlertEvent event, Instant now) {
        AlertEvent.Data d = event.data();
        String triggerSource = d.trigger() == null ? null : d.trigger().source();
        String triggerId = d.trigger() == null ? null : d.trigger().id();
        Long resolvedAt = event.firing() ? null : d.resolvedAtMs();
        return alert(d.rule(), d.fingerprint(), d.severity(), d.labels(), d.annotations(), d.value(), d.threshold(),
                triggerSource, triggerId, event.traceparent(), d.startedAtMs(), resolvedAt, now);
    }

    /**
     * The alert of a stored instance, firing or resolved (then {@link AlertInstance#lastChangeMs()} is when it
     * resolved); re-sent by whichever instance owns it now.
     */
    public PostableAlert of(AlertInstance instance, Instant now) {
        EventRef t = instance.trigger();
        boolean firing = instance.firing();
        // A resolved instance no longer knows when it started: its resolution time stands in, which
        // Alertmanager merges with the alert it holds (it keeps the earliest start).
        long startedAt = firing ? instance.startedAtMs() : instance.lastChangeMs();
        return alert(instance.rule(), instance.fingerprint(), instance.severity(), instance.labels(),
                instance.annotations(), instance.value(), instance.threshold(), t == null ? null : t.source(),
                t == null ? null : t.id(), t == null ? null : t.traceparent(), startedAt,
                firing ? null : instance.lastChangeMs(), now);
    }

    private PostableAlert alert(String rule, String fingerprint, String severity, Map<String, String> labels,
                                Map<String, String> annotations, Double value, double threshold, String triggerSource,
                                String triggerId, String traceparent, long startedAtMs, Long resolvedAtMs,
                                Instant now) {
        SortedMap<String, String> l = new TreeMap<>(labels);
        // Vigil's own names win over a rule label of the same name: they identify the alert.
        l.put("alertname", rule);
        l.put("severity", severity);

        SortedMap<String, String> a = new TreeMap<>(annotations);
        if (value != null) {
            a.put("value", PromValues.format(value));
        }
        a.put("threshold", PromValues.format(threshold));
        putIfPresent(a, "trigger_event_source", triggerSource);
        putIfPresent(a, "trigger_event_id", triggerId);
        putIfPresent(a, "trace_id", traceId(traceparent));

        // Event time may run ahead of the wall clock (aggregates.max_future_skew); Alertmanager wants
        // startsAt <= endsAt, and an end in the future would keep a resolved alert active.
        Instant startsAt = min(Instant.ofEpochMilli(startedAtMs), now);
        Instant endsAt = resolvedAtMs == null
                ? now.plus(resendInterval.multipliedBy(ENDS_AFTER_RESENDS))
                : max(startsAt, min(Instant.ofEpochMilli(resolvedAtMs), now));
        return new PostableAlert(l, a, startsAt, endsAt, externalUrl + "/#alert-" + fingerprint);
    }

    /** The trace id: the second field of a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}). */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] fields = traceparent.split("-", -1);
        return fields.length >= 3 && fields[1].length() == 32 ? fields[1] : null;
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
