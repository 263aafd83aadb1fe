package dev.vigil.bench.reliability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one start of a Vigil instance says in its log about its state: the records it restored from
 * the changelogs (Vigil's {@code state restored from changelogs: ...} lines, docs/observability.md)
 * and the tasks whose local state Kafka Streams wiped before restoring them from scratch. Under
 * exactly-once Kafka Streams 4.4 wipes a task when a store has no committed changelog offset while
 * the task directory is not empty ({@code did not find checkpoint offsets while stores are not
 * empty}) or when a store was left open ({@code didn't find a valid state}), both warned about with
 * the task's id.
 *
 * @param restoreLines  restore episodes logged
 * @param restored      records restored, over every episode
 * @param restoreSeconds the restore time Vigil logged, summed over episodes
 * @param noCheckpoint  warnings {@code did not find checkpoint offsets while stores are not empty}
 * @param invalidState  stores that {@code didn't find a valid state} (left open by a crash)
 * @param corruptedTasks warnings {@code Encounter corrupted task}: tasks closed dirty, wiped and restored
 * @param wipedBeforeStart tasks whose state Vigil itself deleted before Kafka Streams started, as
 *                       Kafka Streams would have after a crash ({@code CrashedStateWipe}'s line)
 */
record RestoreEvidence(int restoreLines, long restored, double restoreSeconds, int noCheckpoint, int invalidState,
                       int corruptedTasks, int wipedBeforeStart) {
    private static final Pattern RESTORED = Pattern.compile(
            "state restored from changelogs: (\\d+) records into \\d+ stores \\(\\d+ changelog partitions\\) in "
                    + "([0-9.]+) s");
    static final String NO_CHECKPOINT = "did not find checkpoint offsets while stores are not empty";
    static final String INVALID_STATE = "didn't find a valid state";
    static final String CORRUPTED = "Encounter corrupted task";
    private static final Pattern WIPED_BEFORE_START = Pattern.compile(
            "the local state of (\\d+) task\\(s\\) wiped before start");

    /** Reads the log lines of one start (the log from the position it had when the instance started). */
    static RestoreEvidence of(String log) {
        int lines = 0;
        long restored = 0;
        double seconds = 0;
        Matcher m = RESTORED.matcher(log);
        while (m.find()) {
            lines++;
            restored += Long.parseLong(m.group(1));
            seconds += Double.parseDouble(m.group(2));
        }
        int wipedBeforeStart = 0;
        Matcher w = WIPED_BEFORE_START.matcher(log);
        while (w.find()) {
            wipedBeforeStart += Integer.parseInt(w.group(1));
        }
        return new RestoreEvidence(lines, restored, seconds, count(log, NO_CHECKPOINT), count(log, INVALID_STATE),
                count(log, CORRUPTED), wipedBeforeStart);
    }

    /** True when Kafka Streams threw local state away and restored it from scratch. */
    boolean wiped() {
        return noCheckpoint > 0 || invalidState > 0 || corruptedTasks > 0 || wipedBeforeStart > 0;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "%,d records restored (%d restore line(s), %.1f s logged), "
                + "%d task(s) wiped by Vigil before start, %d by Kafka Streams (warnings: %d without checkpoint "
                + "offsets, %d stores left open)", restored, restoreLines, restoreSeconds, wipedBeforeStart,
                corruptedTasks, noCheckpoint, invalidState);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
