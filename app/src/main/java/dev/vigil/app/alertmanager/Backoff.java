package dev.vigil.app.alertmanager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The waits before each retry of a failed notification: doubling from {@code first}, all of them within
 * {@code budget}. The budget is half the resend interval, so retries of one notification are over before the
 * next re-send carries the same alerts anyway.
 */
public final class Backoff {
    private final List<Duration> delays;

    public Backoff(Duration first, Duration budget) {
        List<Duration> out = new ArrayList<>();
        Duration total = Duration.ZERO;
        for (Duration d = first; total.plus(d).compareTo(budget) <= 0; d = d.multipliedBy(2)) {
            out.add(d);
            total = total.plus(d);
        }
        this.delays = List.copyOf(out);
    }

    /** For a resend interval: first retry after 500 ms (or a tenth of the interval if shorter), within half of it. */
    public static Backoff within(Duration resendInterval) {
        Duration half = resendInterval.dividedBy(2);
        Duration first = Duration.ofMillis(Math.min(500, Math.max(1, resendInterval.toMillis() / 10)));
        return new Backoff(first, half);
    }

    /** The wait before retry {@code attempt} (1 = first retry), or null when there is none. */
    public Duration delayBefore(int attempt) {
        return attempt >= 1 && attempt <= delays.size() ? delays.get(attempt - 1) : null;
    }

    public List<Duration> delays() {
        return delays;
    }
}
