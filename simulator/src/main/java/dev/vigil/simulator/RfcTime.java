package dev.vigil.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 times at any offset the RFC allows ({@code -23:59} to {@code +23:59}), which
 * {@link ZoneOffset} (limited to ±18:00) cannot write or read: the simulator's hostile producers
 * use them.
 */
final class RfcTime {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private RfcTime() {
    }

    /** {@code t} as local time at {@code offsetMinutes} from UTC, milliseconds, e.g. {@code 2026-01-01T00:00:00.000-12:00}. */
    static String format(Instant t, int offsetMinutes) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(t.getEpochSecond() + offsetMinutes * 60L, t.getNano(),
                ZoneOffset.UTC);
        if (offsetMinutes == 0) {
            return LOCAL.format(local) + "Z";
        }
        int abs = Math.abs(offsetMinutes);
        return LOCAL.format(local) + (offsetMinutes < 0 ? "-" : "+") + String.format("%02d:%02d", abs / 60, abs % 60);
    }

    /** The instant of an RFC 3339 time with any offset up to ±23:59 (no leap seconds). */
    static Instant parse(String s) {
        char z = s.charAt(s.length() - 1);
        if (z == 'Z' || z == 'z') {
            return OffsetDateTime.parse(s.substring(0, s.length() - 1) + "+00:00").toInstant();
        }
        String offset = s.substring(s.length() - 6);
        int minutes = (Integer.parseInt(offset.substring(1, 3)) * 60 + Integer.parseInt(offset.substring(4, 6)))
                * (offset.charAt(0) == '-' ? -1 : 1);
        LocalDateTime local = LocalDateTime.parse(s.substring(0, s.length() - 6));
        return local.toInstant(ZoneOffset.UTC).minusSeconds(minutes * 60L);
    }
}
