package dev.vigil.bench;

import java.nio.file.Path;

/**
 * The flink phase's peer ({@link FlinkPeerRun}).
 *
 * @param jar                  the peer's jar; null = {@link FlinkPeerRun#defaultJar()}
 * @param checkpointIntervalMs the peer's exactly-once checkpoint interval (its Kafka transactions commit on each)
 * @param heapMb               -Xms and -Xmx of the peer's JVM
 */
public record FlinkOptions(Path jar, long checkpointIntervalMs, int heapMb) {
    public FlinkOptions {
        if (checkpointIntervalMs < 10 || heapMb < 256) {
            throw new IllegalArgumentException("checkpointIntervalMs must be >= 10, heapMb >= 256");
        }
    }

    /** 1 s checkpoints, a 2 GiB heap. */
    public static FlinkOptions defaults() {
        return new FlinkOptions(null, 1_000, 2_048);
    }

    Path jarOrDefault() {
        return jar != null ? jar : FlinkPeerRun.defaultJar();
    }
}
