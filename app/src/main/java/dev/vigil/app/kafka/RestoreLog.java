package dev.vigil.app.kafka;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says how much state Kafka Streams restored from its changelogs, and how long it took: one INFO
 * line when the last store being restored is done ({@code state restored from changelogs: N
 * records into S stores (P changelog partitions) in T s}), docs/observability.md. Kafka Streams'
 * own per-store lines are at INFO, which Vigil keeps libraries above; without this line an
 * operator could not tell a restart that resumed from its checkpoints (a few records) from one
 * that re-read whole changelogs (a lost state directory, or a crash under exactly-once).
 *
 * <p>A restore episode starts when a store starts restoring while none is, and ends when every
 * store that started has ended or was suspended (its task moved away). Callbacks come from the
 * state-updater thread, possibly from several threads: everything is synchronized.
 */
public final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final LongSupplier nanoClock;
    private int restoring;
    private long episodeStartNanos;
    private long records;
    private int partitions;
    private final java.util.Set<String> stores = new java.util.HashSet<>();
    private long totalRecords;

    public RestoreLog() {
        this(System::nanoTime);
    }

    RestoreLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String storeName, long startingOffset,
                                            long endingOffset) {
        if (restoring == 0) {
            episodeStartNanos = nanoClock.getAsLong();
            records = 0;
            partitions = 0;
            stores.clear();
        }
        restoring++;
        partitions++;
        stores.add(storeName);
        LOG.debug("restoring store {} from {} offsets {} to {}", storeName, partition, startingOffset, endingOffset);
    }

    @Override
    public synchronized void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset,
                                             long numRestored) {
        records += numRestored;
        totalRecords += numRestored;
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        ended();
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        ended();
    }

    /** Records restored since this process started, over every episode. */
    public synchronized long totalRecords() {
        return totalRecords;
    }

    private synchronized void ended() {
        if (restoring == 0) {
            return;
        }
        restoring--;
        if (restoring == 0) {
            double seconds = (nanoClock.getAsLong() - episodeStartNanos) / (double) TimeUnit.SECONDS.toNanos(1);
            LOG.info("{}", String.format(Locale.ROOT, "state restored from changelogs: %d records into %d stores "
                    + "(%d changelog partitions) in %.3f s", records, stores.size(), partitions, seconds));
        }
    }
}
