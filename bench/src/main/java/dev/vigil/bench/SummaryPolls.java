package dev.vigil.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The status-page load each Vigil drain phase runs under ({@code --summary-poll}), in the order
 * given: {@code off} (nobody looks at the page) or an interval at which one client polls
 * {@code GET /api/v1/summary}, as an open status page does every 2 s. A setting listed again is
 * drained again (e.g. {@code off,2s,0.2s,0.2s,2s,off} balances warm-up and drift over the run).
 * {@code warmup} drains without polling and is reported, but left out of the ratios: the first
 * drains of a run are slower while the JIT compiles (e.g. {@code warmup,off,2s,0.2s,0.2s,2s,off}).
 */
final class SummaryPolls {
    /**
     * One drain's polling: null interval = off; {@code run} counts the drains of the same setting from
     * 1; a warm-up drain is off and left out of the ratios.
     */
    record Poll(Duration interval, int run, boolean warmup) {
        Poll(Duration interval, int run) {
            this(interval, run, false);
        }

        boolean off() {
            return interval == null;
        }

        /** Appended to the phase name: {@code eos}, {@code eos_poll_2s}, {@code eos_off_run2}, {@code eos_poll_0.2s_run2}. */
        String suffix() {
            String again = run == 1 ? "" : "_run" + run;
            if (warmup) {
                return "_warmup" + again;
            }
            return off() ? (run == 1 ? "" : "_off" + again) : "_poll_" + label() + again;
        }

        /** {@code off}, or the interval in seconds: {@code 2s}, {@code 0.2s}. */
        String label() {
            if (warmup) {
                return "warmup";
            }
            if (off()) {
                return "off";
            }
            double seconds = interval.toNanos() / 1e9;
            return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + "s";
        }
    }

    private final List<Poll> polls;

    private SummaryPolls(List<Poll> polls) {
        this.polls = List.copyOf(polls);
    }

    /** No option: nobody polls. */
    static SummaryPolls none() {
        return new SummaryPolls(List.of(new Poll(null, 1)));
    }

    /** @param values {@code off} or intervals such as {@code 2s}, {@code 0.2s}, {@code 200ms}; must include off */
    static SummaryPolls parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return none();
        }
        List<Poll> polls = new ArrayList<>();
        for (String v : values) {
            if (v.strip().equalsIgnoreCase("warmup")) {
                polls.add(new Poll(null, 1 + (int) polls.stream().filter(Poll::warmup).count(), true));
                continue;
            }
            Duration interval = interval(v);
            polls.add(new Poll(interval, 1 + (int) polls.stream()
                    .filter(p -> !p.warmup() && Objects.equals(p.interval(), interval)).count()));
        }
        if (polls.stream().noneMatch(p -> p.off() && !p.warmup())) {
            throw new IllegalArgumentException("--summary-poll: include off, the drain without polling the others "
                    + "are compared with");
        }
        return new SummaryPolls(polls);
    }

    private static Duration interval(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (s.equals("off")) {
            return null;
        }
        double millis;
        try {
            if (s.endsWith("ms")) {
                millis = Double.parseDouble(s.substring(0, s.length() - 2));
            } else if (s.endsWith("s")) {
                millis = Double.parseDouble(s.substring(0, s.length() - 1)) * 1000;
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--summary-poll: '" + value + "' is neither off, warmup nor an "
                    + "interval such as 2s, 0.2s or 200ms");
        }
        if (!(millis >= 10)) {
            throw new IllegalArgumentException("--summary-poll: " + value + " is shorter than 10ms");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    List<Poll> polls() {
        return polls;
    }

    /** True when the option was given: the drains run per poll setting instead of per tracing setting. */
    boolean given() {
        return polls.size() > 1 || !polls.get(0).off();
    }
}
