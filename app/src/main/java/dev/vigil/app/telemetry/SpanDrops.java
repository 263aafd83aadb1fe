package dev.vigil.app.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spans Vigil's tracing did not deliver, since the process started: what
 * {@code vigil_trace_spans_dropped_total} shows. Two ways to lose a span, both counted:
 * <ul>
 *   <li>the batch processor's queue was full (the collector slow, stalled or down): the
 *       OpenTelemetry SDK counts these itself ({@code otel.sdk.processor.span.processed} with an
 *       {@code error.type}), into the process-wide meter provider here, which only this class reads;</li>
 *   <li>an export failed (refused, timed out, rejected): {@link #counting} wraps the exporter and adds
 *       the spans of every failed export.</li>
 * </ul>
 * Process-wide like {@link LogDrops}, so the counter never goes back when tracing is rebuilt.
 */
public final class SpanDrops {
    private static final String PROCESSED = "otel.sdk.processor.span.processed";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AtomicLong FAILED_EXPORTS = new AtomicLong();
    private static final Reader READER = new Reader();
    /** Never closed: its cumulative sums are the counter. No exporter: only {@link #total} reads it. */
    private static final SdkMeterProvider METERS = SdkMeterProvider.builder().registerMetricReader(READER).build();

    private SpanDrops() {
    }

    /** Where batch span processors record their queue drops. */
    static MeterProvider meterProvider() {
        return METERS;
    }

    /** The exporter, adding the spans of each export that fails to the count. */
    static io.opentelemetry.sdk.trace.export.SpanExporter counting(io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
        return new CountingSpanExporter(exporter, FAILED_EXPORTS);
    }

    public static long total() {
        long queueFull = 0;
        for (MetricData m : READER.collect()) {
            if (m.getName().equals(PROCESSED) && m.getType() == MetricDataType.LONG_SUM) {
                for (LongPointData p : m.getLongSumData().getPoints()) {
                    if (p.getAttributes().get(ERROR_TYPE) != null) {
                        queueFull += p.getValue();
                    }
                }
            }
        }
        return queueFull + FAILED_EXPORTS.get();
    }

    /** Collects on demand (at each scrape), cumulatively. */
    private static final class Reader implements MetricReader {
        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        java.util.Collection<MetricData> collect() {
            return registration.collectAllMetrics();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
