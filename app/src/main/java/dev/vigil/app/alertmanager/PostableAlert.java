package dev.vigil.app.alertmanager;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's v2 API takes it ({@code POST /api/v2/alerts}, an array of these).
 *
 * @param labels       identify the alert in Alertmanager: {@code alertname}, {@code severity}, group and rule labels
 * @param annotations  shown with it
 * @param startsAt     when it started firing
 * @param endsAt       while firing, a time in the future after which Alertmanager resolves it by itself; once
 *                     resolved, the resolution time
 * @param generatorURL where to read about it (Vigil's status page)
 */
public record PostableAlert(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
                            Instant endsAt, String generatorURL) {
    public PostableAlert {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(generatorURL, "generatorURL");
    }
}
