package dev.vigil.bench.flink;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * RFC 3339 {@code date-time} as docs/events.md accepts it: {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)}, upper
 * or lower case {@code T} and {@code Z}, offsets up to ±23:59 (wider than {@code java.time}'s ±18:00, hence this
 * parser), a leap second {@code :60} read as the last nanosecond of second 59. Event time is kept to the millisecond,
 * rounded down, as {@link java.time.Instant#toEpochMilli()} does.
 */
final class Rfc3339 {
    private Rfc3339() {
    }

    /** {@code {epoch milliseconds, nanoseconds beyond them}}, or null when {@code s} is not an RFC 3339 date-time. */
    static long[] parse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't')) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 60) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        int i = 19;
        long nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        char z = s.charAt(i);
        int offsetSeconds;
        if ((z == 'Z' || z == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        if (second == 60) {
            second = 59;
            nanos = 999_999_999;
        }
        long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return new long[] {epochSecond * 1000 + nanos / 1_000_000, nanos % 1_000_000};
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
