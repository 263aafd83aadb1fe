package dev.vigil.alerting;

import dev.vigil.config.RuleConfig;

/**
 * The comparison of the threshold kinds (value and increase): {@code op}, {@code threshold} and
 * {@code resolve_threshold}, which must lie on the clear side of the threshold.
 */
record Comparison(Rule.Op op, double threshold, double resolveThreshold) {

    /** Reads the three fields; null after reporting a problem. */
    static Comparison parse(RuleConfig c, RuleProblems p) {
        int before = p.count();
        Rule.Op op = null;
        if (c.op() == null) {
            p.add("op", "required (one of <, <=, >, >=)");
        } else {
            for (Rule.Op o : Rule.Op.values()) {
                if (o.symbol().equals(c.op())) {
                    op = o;
                }
            }
            if (op == null) {
                p.add("op", "'" + c.op() + "' is not one of <, <=, >, >=");
            }
        }
        if (c.threshold() == null) {
            p.add("threshold", "required (a number)");
        }
        double t = c.threshold() == null ? 0 : c.threshold();
        Double r = c.resolveThreshold();
        if (r != null && c.threshold() != null && op != null) {
            if (op.below() && r < t) {
                p.add("resolve_threshold", Templates.formatNumber(r) + " is on the firing side of threshold "
                        + Templates.formatNumber(t) + " for op '" + op.symbol() + "': it must be >= the threshold");
            } else if (!op.below() && r > t) {
                p.add("resolve_threshold", Templates.formatNumber(r) + " is on the firing side of threshold "
                        + Templates.formatNumber(t) + " for op '" + op.symbol() + "': it must be <= the threshold");
            }
        }
        return p.since(before) ? null : new Comparison(op, t, r == null ? t : r);
    }

    /** {@code value op threshold} to fire, {@code value op resolveThreshold} to keep firing; nothing when not judged. */
    Judgement judge(Double value, Long samples, String window, boolean judged) {
        boolean breach = judged && op.test(value, threshold);
        boolean holds = judged && op.test(value, resolveThreshold);
        return new Judgement(value, samples, window, threshold, breach, holds);
    }
}
