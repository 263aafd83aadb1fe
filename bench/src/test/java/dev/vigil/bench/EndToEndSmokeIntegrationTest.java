package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end driver on a tiny run (10,000 records, 500 scraped series, 20 breaches, 2,000
 * entities in a Vigil child JVM; every phase), so that it cannot rot: it finishes, and its JSON
 * report holds every figure, each positive and finite. No JMH here.
 */
class EndToEndSmokeIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(EndToEndSmokeIntegrationTest.class);
    /** Enough for every phase to see every event type; each drain phase reads them all, so it sets the test's time. */
    private static final int EVENTS = 10_000;

    @TempDir
    Path temp;

    @Test
    @Timeout(300)
    void tinyRunReportsEveryFigurePositiveAndFinite() throws Exception {
        Path json = temp.resolve("bench-result.json");
        E2eOptions options = E2eOptions.defaults()
                .withEvents(EVENTS)
                .withRawRepeats(1)
                .withScrapeDuration(Duration.ofSeconds(3))
                .withSeriesScrape(new SeriesScrapeOptions(500, 2_000, 0.5))
                .withAlert(1_000, 20, 2, Duration.ofSeconds(1))
                // Under the image's JVM flags and a 1 GiB limit: heap 512 MiB, RocksDB auto = 256 MiB.
                .withMemory(new MemoryOptions(2_000, 256, 0, 0, 1024))
                .withDrainTimeout(Duration.ofSeconds(90))
                .withProgressInterval(Duration.ofSeconds(2))
                .withWorkDir(temp.resolve("work"))
                .withJson(json);

        BenchRun.run(options, LOG::info);

        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        List<String> notPositive = new ArrayList<>();
        Map<String, Double> figures = new HashMap<>();
        for (JsonNode figure : root.get("figures")) {
            String key = figure.get("phase").asText() + "." + figure.get("figure").asText();
            double value = figure.get("value").asDouble(Double.NaN);
            figures.put(key, value);
            if (!(value > 0) || Double.isInfinite(value)) {
                notPositive.add(key + " = " + figure.get("value"));
            }
        }
        assertThat(notPositive).as("figures that are not positive and finite").isEmpty();
        assertThat(figures).containsKeys(
                "preload.records", "preload.rate", "preload.record_bytes_avg",
                "raw.rate", "raw.throughput",
                "alos.rate", "alos.ratio_to_raw", "alos.rate_from_start", "alos.startup", "alos.cpu_vigil",
                "eos.rate", "eos.ratio_to_raw", "eos.rate_from_start", "eos.startup", "eos.cpu_vigil",
                "eos.internal_records_per_event",
                "scrape.series_seeded", "scrape.scrapes", "scrape.latency_p50", "scrape.latency_p99",
                "scrape.latency_max", "scrape.vigil_series_min", "scrape.vigil_samples_max", "scrape.samples_total",
                "scrape.bytes_total", "scrape.load_rate",
                "alert.breaches", "alert.firing_p50", "alert.firing_p99", "alert.firing_max", "alert.load_rate",
                "memory.entities", "memory.load_time", "memory.heap_after_gc_mib", "memory.heap_max_mib",
                "memory.jvm_committed_mib", "memory.rss_loaded_mib", "memory.rss_end_mib", "memory.rss_peak_mib",
                "memory.rss_sampled_max_mib",
                "memory.rocksdb_block_cache_mib", "memory.state_dir_mib", "memory.limit_mib",
                "memory.rss_peak_share_of_limit");
        assertThat(figures.get("preload.records")).isEqualTo((double) EVENTS);
        assertThat(figures.get("alert.breaches")).isEqualTo(20.0);
        // Every seeded series was exposed, and every scrape under load showed at least the 500 asked for.
        assertThat(root.at("/info/scrape.seeded_series_exposed").asLong())
                .isEqualTo(figures.get("scrape.series_seeded").longValue());
        assertThat(figures.get("scrape.vigil_series_min")).isGreaterThanOrEqualTo(500.0);
        assertThat(figures.get("memory.entities")).isEqualTo(2_000.0);
        assertThat(figures.get("memory.heap_max_mib")).isBetween(500.0, 512.0);
        assertThat(figures.get("memory.rocksdb_block_cache_mib")).isEqualTo(1024.0 - figures.get("memory.heap_max_mib") - 256);
        assertThat(figures.get("memory.rss_peak_share_of_limit")).isLessThan(1.0);
        assertThat(figures.get("memory.heap_after_gc_mib")).isLessThan(figures.get("memory.heap_max_mib"));
        // The Vigil child JVM of the memory phase was stopped.
        long child = root.at("/info/memory.child_pid").asLong();
        assertThat(child).isPositive();
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("Vigil child pid %d", child).isEmpty();
        // The drains were of a correct Vigil: /metrics equalled the simulator's exact metrics.
        assertThat(root.at("/info/alos.matches_simulator_truth").asBoolean()).isTrue();
        assertThat(root.at("/info/eos.matches_simulator_truth").asBoolean()).isTrue();
        assertThat(root.at("/machine/nproc").asInt()).isPositive();
    }
}
