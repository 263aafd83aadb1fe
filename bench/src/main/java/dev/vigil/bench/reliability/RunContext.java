package dev.vigil.bench.reliability;

import dev.vigil.topology.BoundedRocksDbMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every run gets from the driver.
 *
 * @param workDir  a directory of the run's own (broker data, Vigil state, logs)
 * @param scale    {@link Scale#FULL} for the published figures, {@link Scale#CI} for the sized-down
 *                 version {@code ./mvnw verify} runs
 * @param seed     the seed of everything random in the run (kill moments, hostile records, load)
 * @param progress where progress lines go (one line each)
 * @param options  run settings given on the command line ({@code --set name=value}), e.g. to measure
 *                 a run without static membership
 */
record RunContext(Path workDir, Scale scale, long seed, Consumer<String> progress, Map<String, String> options) {
    RunContext {
        options = Map.copyOf(options);
    }

    /** Without run settings: every run's defaults. */
    RunContext(Path workDir, Scale scale, long seed, Consumer<String> progress) {
        this(workDir, scale, seed, progress, Map.of());
    }
    /** How big a run is. */
    enum Scale { CI, FULL }

    /** Picks the figure for this scale. */
    <T> T pick(T ci, T full) {
        return scale == Scale.CI ? ci : full;
    }

    /** A run setting, or the default when not given. */
    String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /**
     * The settings named {@code kafka.<property>}, without the prefix: Kafka Streams properties the
     * runs that start Vigil pass through to its {@code kafka.properties} (to measure a tuning).
     */
    Map<String, String> kafkaProperties() {
        Map<String, String> props = new java.util.TreeMap<>();
        options.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
                props.put(name.substring(KAFKA_PREFIX.length()), value);
            }
        });
        return props;
    }

    private static final String KAFKA_PREFIX = "kafka.";

    /**
     * {@code yaml} with the state-store settings the crash runs share: {@code transactional_state_stores}
     * (Kafka Streams' {@code enable.transactional.statestores}; unset: Vigil's default), {@code
     * write_buffer_mib} (RocksDB's memtables for the whole process, which bound what a crash leaves
     * unflushed; 0: Vigil's default), {@code block_cache_mib} (RocksDB's block cache for the whole
     * process, memtables included; 0: Vigil's default; without {@code write_buffer_mib} the memtables
     * get a quarter of it, as Vigil's {@code auto} does) and then every {@code kafka.<property>}, which wins.
     */
    VigilYaml withStoreSettings(VigilYaml yaml, String writeBufferMibDefault) {
        String transactional = option("transactional_state_stores", "");
        if (!transactional.isEmpty()) {
            yaml = yaml.withKafkaProperty("enable.transactional.statestores", Boolean.toString(Boolean.parseBoolean(transactional)));
        }
        long blockCacheMib = Long.parseLong(option("block_cache_mib", "0"));
        long writeBufferMib = Long.parseLong(option("write_buffer_mib", writeBufferMibDefault));
        if (blockCacheMib > 0) {
            yaml = yaml.withKafkaProperty(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, Long.toString(blockCacheMib << 20));
            if (writeBufferMib <= 0) {
                writeBufferMib = Math.max(1, blockCacheMib / 4);
            }
        }
        if (writeBufferMib > 0) {
            yaml = yaml.withKafkaProperty(BoundedRocksDbMemory.WRITE_BUFFER_BYTES, Long.toString(writeBufferMib << 20));
        }
        return yaml.withKafkaProperties(kafkaProperties());
    }

    /** The same context in a subdirectory. */
    RunContext in(String subdirectory) {
        return new RunContext(dir(subdirectory), scale, seed, progress, options);
    }

    /** A fresh subdirectory of the work directory. */
    Path dir(String name) {
        try {
            return Files.createDirectories(workDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void say(String format, Object... args) {
        progress.accept(String.format(java.util.Locale.ROOT, format, args));
    }
}
