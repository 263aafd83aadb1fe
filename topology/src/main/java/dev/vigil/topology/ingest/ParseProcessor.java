package dev.vigil.topology.ingest;

import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.ParseResult;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Turns each raw input record into a {@link Parsed}: a typed event or a dead-letter verdict. */
public final class ParseProcessor implements FixedKeyProcessor<byte[], byte[], Parsed> {
    private final CloudEventParser parser;
    private FixedKeyProcessorContext<byte[], Parsed> context;

    public ParseProcessor(CloudEventParser parser) {
        this.parser = parser;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        ParseResult result = parser.parse(record.value(), record.headers(), record.timestamp());
        byte[] raw = result instanceof ParseResult.Invalid ? record.value() : null;
        context.forward(record.withValue(new Parsed(result, raw)));
    }
}
