package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.config.RuleConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@code kind: burn_rate}: multiwindow, multi-burn-rate alerting on a ratio's SLO (docs/alerting.md). The
 * instance counts errors and totals in buckets of {@link Rule#burnResolutionMs()}; a pair breaches when the
 * error rate over both its long and its short window exceed {@code factor × (1 − objective)}.
 */
record BurnRateCondition(double objective, List<Rule.BurnWindow> burnWindows, long minSamples) implements Condition {

    /** The most buckets a burn-rate instance may keep (its longest window over its resolution). */
    static final int MAX_BURN_BUCKETS = 10_000;

    /** The keys of a burn_rate rule, beyond those of every rule. */
    static final List<String> KEYS = List.of("objective", "windows", "min_samples");

    BurnRateCondition {
        burnWindows = List.copyOf(burnWindows);
        if (burnWindows.isEmpty()) {
            throw new IllegalArgumentException("a burn_rate rule needs window pairs");
        }
    }

    static Condition parse(RuleConfig c, Metric metric, AggregatesSettings settings, RuleProblems p) {
        int before = p.count();
        if (metric != null && metric.type() != MetricType.RATIO) {
            p.add("metric", metric.metricName() + " is a " + Rules.typeName(metric) + "; a burn_rate rule judges a "
                    + "ratio metric (task_success_ratio, agent_call_success_ratio)");
        }
        Double o = c.objective();
        if (o == null) {
            p.add("objective", "required (the SLO objective, e.g. 0.99)");
        } else if (!(o > 0 && o < 1)) {
            p.add("objective", Templates.formatNumber(o) + " is not between 0 and 1 (exclusive), e.g. 0.99");
        }
        List<Rule.BurnWindow> windows = c.windows() == null ? Rule.DEFAULT_BURN_WINDOWS : windows(c.windows(), p);
        if (p.since(before)) {
            return null;
        }
        return new BurnRateCondition(o, windows, c.minSamples() == null ? 0 : c.minSamples());
    }

    private static List<Rule.BurnWindow> windows(List<RuleConfig.BurnWindow> configured, RuleProblems p) {
        List<Rule.BurnWindow> out = new ArrayList<>();
        int before = p.count();
        for (int i = 0; i < configured.size(); i++) {
            String field = "windows[" + i + "]";
            long longMs = configured.get(i).longWindow().toMillis();
            long shortMs = configured.get(i).shortWindow().toMillis();
            double factor = configured.get(i).factor();
            boolean ok = true;
            if (shortMs == 0) {
                p.add(field + ".short", "must be longer than 0s");
                ok = false;
            } else if (longMs <= shortMs) {
                p.add(field, "long (" + Rules.durationText(longMs) + ") must be longer than short ("
                        + Rules.durationText(shortMs) + ")");
                ok = false;
            }
            if (!(factor > 0)) {
                p.add(field + ".factor", "must be > 0, not " + Templates.formatNumber(factor));
                ok = false;
            }
            if (ok) {
                out.add(new Rule.BurnWindow(longMs, shortMs, factor));
            }
        }
        if (p.since(before)) {
            return List.of();
        }
        long shortest = out.stream().mapToLong(Rule.BurnWindow::shortMs).min().orElseThrow();
        long resolution = Math.max(1, shortest / 5);
        for (int i = 0; i < out.size(); i++) {
            Rule.BurnWindow w = out.get(i);
            for (String which : List.of("long", "short")) {
                long ms = which.equals("long") ? w.longMs() : w.shortMs();
                if (ms % resolution != 0) {
                    p.add("windows[" + i + "]." + which, Rules.durationText(ms) + " is not a multiple of the "
                            + "burn-rate resolution " + Rules.durationText(resolution)
                            + " (a fifth of the shortest short window)");
                }
            }
            if (w.longMs() / resolution > MAX_BURN_BUCKETS) {
                p.add("windows[" + i + "].long", Rules.durationText(w.longMs()) + " would keep more than "
                        + MAX_BURN_BUCKETS + " buckets of " + Rules.durationText(resolution) + " per alert instance");
            }
        }
        return out;
    }

    @Override
    public Rule.Kind kind() {
        return Rule.Kind.BURN_RATE;
    }

    @Override
    public void feed(Rule rule, AlertInstance inst, List<SeriesUpdate> updates, long eventTimeMs, long nowMs,
                     SeriesView view) {
        OptionalLong clock = view.clockMs(rule.metric());
        long r = rule.burnResolutionMs();
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        inst.counts().forEach(b -> buckets.put(b.index(), new long[] {b.errors(), b.total()}));
        for (SeriesUpdate u : updates) {
            if (u instanceof SeriesUpdate.WindowObserve w) {
                long c = clock.isPresent() ? Math.max(clock.getAsLong(), w.eventTimeMs()) : w.eventTimeMs();
                long oldest = Math.floorDiv(c, r) - rule.burnRetentionBuckets() + 1;
                long index = Math.floorDiv(w.eventTimeMs(), r);
                if (index >= oldest) {
                    long[] b = buckets.computeIfAbsent(index, k -> new long[2]);
                    b[0] += w.success() ? 0 : 1;
                    b[1] += 1;
                }
            }
        }
        inst.counts(buckets.entrySet().stream()
                .map(e -> new AlertInstance.CountBucket(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
    }

    /** The first breaching pair, else the first pair; buckets that left every window are dropped. */
    @Override
    public Judgement judge(Rule rule, AlertInstance inst, long nowMs, SeriesView view, AggregatesSettings settings) {
        OptionalLong clock = view.clockMs(rule.metric());
        Rule.BurnWindow first = burnWindows.get(0);
        if (clock.isEmpty()) {
            return new Judgement(null, 0L, Rules.durationText(first.longMs()), first.factor(), false, false);
        }
        long r = rule.burnResolutionMs();
        long last = Math.floorDiv(clock.getAsLong(), r);
        long oldest = last - rule.burnRetentionBuckets() + 1;
        List<AlertInstance.CountBucket> kept = inst.counts().stream().filter(b -> b.index() >= oldest).toList();
        if (kept.size() != inst.counts().size()) {
            inst.counts(kept);
        }
        double budget = 1 - objective;
        long min = Math.max(1, minSamples);
        Judgement firstPair = null;
        for (Rule.BurnWindow w : burnWindows) {
            long[] lng = errorsAndTotal(kept, last, w.longMs() / r);
            long[] shrt = errorsAndTotal(kept, last, w.shortMs() / r);
            boolean breach = lng[1] >= min && shrt[1] >= min
                    && (double) lng[0] / lng[1] > w.factor() * budget
                    && (double) shrt[0] / shrt[1] > w.factor() * budget;
            Double burn = lng[1] == 0 ? null : ((double) lng[0] / lng[1]) / budget;
            Judgement j = new Judgement(burn, lng[1], Rules.durationText(w.longMs()), w.factor(), breach, breach);
            if (breach) {
                return j;
            }
            if (firstPair == null) {
                firstPair = j;
            }
        }
        return firstPair;
    }

    private static long[] errorsAndTotal(List<AlertInstance.CountBucket> buckets, long last, long count) {
        long first = last - count + 1;
        long errors = 0;
        long total = 0;
        for (AlertInstance.CountBucket b : buckets) {
            if (b.index() >= first && b.index() <= last) {
                errors += b.errors();
                total += b.total();
            }
        }
        return new long[] {errors, total};
    }

    @Override
    public long slideResolutionMs(Rule rule) {
        return rule.burnResolutionMs();
    }

    @Override
    public boolean slidesStoredGroups() {
        return true;
    }
}
