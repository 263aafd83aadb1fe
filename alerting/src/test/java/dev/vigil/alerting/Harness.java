package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesStage;
import dev.vigil.aggregates.series.SeriesStore;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.RuleConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Test bench: the real aggregates {@link SeriesStage} over an in-memory series store, an in-memory
 * alert store that keeps instances only in their encoded form (so every test also round-trips the
 * instance codec), and the engine, fed one event at a time.
 */
final class Harness {
    /** 2026-01-15T10:00:00Z: aligned to every bucket width used here (1m, 12m, 1h). */
    static final long T0 = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();
    static final long SEC = 1_000;
    static final long MIN = 60_000;

    final AggregatesSettings settings;
    final TreeMap<String, Map.Entry<SeriesKey, SeriesValue>> series = new TreeMap<>();
    final TreeMap<String, byte[]> alerts = new TreeMap<>();
    final SeriesStage stage;
    AlertEngine engine;
    long streamTime = Long.MIN_VALUE;
    int events;
    EventRef lastTrigger;

    final SeriesStore seriesStore = new SeriesStore() {
        @Override
        public SeriesValue get(SeriesKey key) {
            Map.Entry<SeriesKey, SeriesValue> e = series.get(key.encode());
            return e == null ? null : e.getValue();
        }

        @Override
        public void put(SeriesKey key, SeriesValue value) {
            series.put(key.encode(), Map.entry(key, value));
        }
    };

    final SeriesView view = new SeriesView() {
        @Override
        public Iterable<Map.Entry<SeriesKey, SeriesValue>> series(Metric metric) {
            List<Map.Entry<SeriesKey, SeriesValue>> out = new ArrayList<>();
            for (Map.Entry<SeriesKey, SeriesValue> e : series.values()) {
                if (e.getKey().metric() == metric && e.getKey().kind() == SeriesKey.Kind.SERIES) {
                    out.add(e);
                }
            }
            return out;
        }

        @Override
        public SeriesValue get(SeriesKey key) {
            return seriesStore.get(key);
        }
    };

    final AlertStore store = new AlertStore() {
        @Override
        public AlertInstance get(String fingerprint) {
            byte[] b = alerts.get(fingerprint);
            return b == null ? null : AlertInstanceCodec.decode(b);
        }

        @Override
        public void put(AlertInstance instance) {
            alerts.put(instance.fingerprint(), AlertInstanceCodec.encode(instance));
        }

        @Override
        public void delete(String fingerprint) {
            alerts.remove(fingerprint);
        }

        @Override
        public void forEach(Consumer<AlertInstance> action) {
            alerts.values().forEach(b -> action.accept(AlertInstanceCodec.decode(b)));
        }
    };

    Harness(List<Rule> rules, AggregatesSettings settings) {
        this.settings = settings;
        this.stage = new SeriesStage(settings);
        this.engine = new AlertEngine(rules, settings);
    }

    Harness(String rulesYaml) {
        this(rules(rulesYaml), AggregatesSettings.defaults());
    }

    /** Rules from the YAML of a list of rules (what follows {@code alerts: rules:}), through the config loader. */
    static List<Rule> rules(String rulesYaml) {
        return Rules.parse(raw(rulesYaml), AggregatesSettings.defaults());
    }

    static List<RuleConfig> raw(String rulesYaml) {
        String indented = rulesYaml.stripIndent().lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
        return ConfigLoader.fromYaml("alerts:\n  rules:\n" + indented, Map.of()).alerts().rules();
    }

    /** A restart: a new engine (nothing in memory) over the same stores. */
    void restart(List<Rule> rules) {
        engine = new AlertEngine(rules, settings);
    }

    /** One event at {@code T0 + offsetMs}: its updates applied by the series stage, then judged. */
    List<AlertTransition> at(long offsetMs, SeriesUpdate... updates) {
        long t = T0 + offsetMs;
        streamTime = Math.max(streamTime, t);
        events++;
        lastTrigger = new EventRef("test/producer", "evt-" + events,
                events % 2 == 0 ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" : null);
        List<AlertTransition> out = new ArrayList<>();
        for (SeriesBatch batch : SeriesBatch.byGroup(List.of(updates))) {
            List<SeriesKey> written = stage.apply(batch, seriesStore);
            List<SeriesUpdate> applied = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                SeriesUpdate u = batch.updates().get(i);
                applied.add(u.key().equals(written.get(i)) ? u : u.withKey(written.get(i)));
            }
            out.addAll(engine.onUpdates(applied, t, streamTime, lastTrigger, view, store));
        }
        return out;
    }

    /** A stream-time punctuation at {@code T0 + offsetMs} (stream time only moves forward). */
    List<AlertTransition> tick(long offsetMs) {
        streamTime = Math.max(streamTime, T0 + offsetMs);
        return engine.onTime(streamTime, view, store);
    }

    AlertInstance instance(String rule, Map<String, String> group) {
        return store.get(Fingerprints.of(rule, group));
    }

    // ---- updates as the entity stage emits them ----

    static SeriesUpdate call(String agent, boolean ok, long offsetMs) {
        return new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, agent), T0 + offsetMs, ok);
    }

    static SeriesUpdate callCount(String agent, String status) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.AGENT_CALL_TOTAL, agent, "chat", "gpt-4o", status), 1);
    }

    static SeriesUpdate task(boolean ok, long offsetMs) {
        return new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.TASK_SUCCESS_RATIO), T0 + offsetMs, ok);
    }

    static SeriesUpdate queue(String capability, double delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.QUEUE_DEPTH, capability), delta);
    }

    static SeriesUpdate lease(String pool, String agent, double delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_LEASES, pool, agent), delta);
    }

    static SeriesUpdate capacity(String pool, double capacity) {
        return new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_CAPACITY, pool), capacity);
    }

    static SeriesUpdate cost(String agent, double usd) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, agent, "gpt-4o"), usd);
    }

    static SeriesUpdate tenantCost(String tenant, double usd) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.TENANT_COST_USD_TOTAL, tenant), usd);
    }

    /** A transition in short form: {@code firing#1@90s}, times relative to T0. */
    static String brief(AlertTransition t) {
        long rel = t.timeMs() - T0;
        String time = rel == 0 ? "0s" : rel % MIN == 0 ? rel / MIN + "m" : rel % SEC == 0 ? rel / SEC + "s" : rel + "ms";
        return t.kind().state() + "#" + t.sequence() + "@" + time;
    }

    static List<String> brief(List<AlertTransition> ts) {
        return ts.stream().map(Harness::brief).toList();
    }
}
