package dev.vigil.app.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** A span exporter that adds the spans of every export that fails (or times out) to a counter ({@link SpanDrops}). */
final class CountingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final AtomicLong failed;

    CountingSpanExporter(SpanExporter delegate, AtomicLong failed) {
        this.delegate = delegate;
        this.failed = failed;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int n = spans.size();
        CompletableResultCode result;
        try {
            result = delegate.export(spans);
        } catch (RuntimeException e) {
            failed.addAndGet(n);
            return CompletableResultCode.ofExceptionalFailure(e);
        }
        result.whenComplete(() -> {
            if (!result.isSuccess()) {
                failed.addAndGet(n);
            }
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
