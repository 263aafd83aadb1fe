package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.topology.tracing.IngestSpan;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Spans Vigil could not deliver are counted (vigil_trace_spans_dropped_total): the downstream
 * outage run found a collector that refused or never answered lost spans without a trace in the
 * metrics, unlike Loki's lines and Alertmanager's notifications.
 */
class SpanDropsTest {

    private static void spans(SelfTracing tracing, int n) {
        EventMeta meta = new EventMeta("e-1", "orchestrator", EventType.POOL_STATUS, Instant.now(), null, null, null);
        for (int i = 0; i < n; i++) {
            IngestSpan.start(tracing.ingest(), new ParseResult.Valid(new PoolStatus(meta, "browser", 3, null, null)),
                    null, null, Instant.now()).close();
        }
    }

    @Test
    void theSpansOfAFailedExportAreCounted() {
        SpanExporter refusing = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return CompletableResultCode.ofFailure();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        long before = SpanDrops.total();
        try (SelfTracing tracing = SelfTracing.withExporter(refusing, 1.0, "vigil-test")) {
            spans(tracing, 3);
        }
        assertThat(SpanDrops.total() - before).isEqualTo(3);
    }

    @Test
    void spansThatFindTheQueueFullAreCounted() {
        // An exporter that never answers, as a stalled collector: the first batch hangs, the queue fills up.
        List<CompletableResultCode> pending = new CopyOnWriteArrayList<>();
        SpanExporter stalled = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                CompletableResultCode r = new CompletableResultCode();
                pending.add(r);
                return r;
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                pending.forEach(CompletableResultCode::fail);
                return CompletableResultCode.ofSuccess();
            }
        };
        long before = SpanDrops.total();
        int n = 5_000;
        try (SelfTracing tracing = SelfTracing.withExporter(stalled, 1.0, "vigil-test")) {
            spans(tracing, n);
            // At most the queue (2,048) and the batch in export (512) can be held; the rest was dropped at once.
            assertThat(SpanDrops.total() - before).isGreaterThanOrEqualTo(n - 2_048 - 512).isLessThanOrEqualTo(n);
        }
        assertThat(SpanDrops.total() - before).isLessThanOrEqualTo(n);
    }
}
