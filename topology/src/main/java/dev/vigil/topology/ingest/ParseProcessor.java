package dev.vigil.topology.ingest;

import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.ParseResult;
import dev.vigil.topology.tracing.IngestSpan;
import dev.vigil.topology.tracing.IngestTracing;
import dev.vigil.topology.tracing.TransportTraceContext;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Turns each raw input record into a {@link Parsed}: a typed event or a dead-letter verdict. With
 * tracing on, each record gets an {@link IngestSpan} that stays current while the record goes on
 * through the ingest stage (the dead-letter or re-keying processors run inside the forward).
 */
public final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Parsed> {
    private final CloudEventParser parser;
    private final IngestTracing tracing;
    private FixedKeyProcessorContext<byte[], Parsed> context;

    public ParseProcessor(CloudEventParser parser) {
        this(parser, IngestTracing.off());
    }

    public ParseProcessor(CloudEventParser parser, IngestTracing tracing) {
        this.parser = parser;
        this.tracing = tracing;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        if (!tracing.enabled()) {
            forward(record, parse(record));
            return;
        }
        Instant start = Instant.now();
        ParseResult parsed = parse(record);
        try (IngestSpan span = IngestSpan.start(tracing, parsed, record.headers(),
                context.recordMetadata().orElse(null), start)) {
            try {
                forward(record, span.result());
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** The parsed record; an event without a trace context of its own takes the record's W3C headers'. */
    private ParseResult parse(FixedKeyRecord<byte[], byte[]> record) {
        return TransportTraceContext.adopt(parser.parse(record.value(), record.headers(), record.timestamp()),
                record.headers());
    }

    private void forward(FixedKeyRecord<byte[], byte[]> record, ParseResult result) {
        byte[] raw = result instanceof ParseResult.Invalid ? record.value() : null;
        context.forward(record.withValue(new Parsed(result, raw)));
    }
}
