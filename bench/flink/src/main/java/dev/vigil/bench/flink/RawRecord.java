package dev.vigil.bench.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * An input record as read, before any judgement: value, headers and timestamp (the key is not needed: Vigil does
 * not read it either when the event is keyed by entity). The source emits these raw, so that every record, valid
 * or not, reaches the parsing step (chained to the source, so never serialized on the way).
 */
public class RawRecord {
    public byte[] value;
    public String[] headerKeys;
    public byte[][] headerValues;
    public long timestamp;

    public RawRecord() {
    }

    /** The Kafka source's deserializer: one {@link RawRecord} per consumer record. */
    static final class Deserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) throws IOException {
            RawRecord r = new RawRecord();
            r.value = record.value();
            Header[] headers = record.headers().toArray();
            r.headerKeys = new String[headers.length];
            r.headerValues = new byte[headers.length][];
            for (int i = 0; i < headers.length; i++) {
                r.headerKeys[i] = headers[i].key();
                r.headerValues[i] = headers[i].value();
            }
            r.timestamp = record.timestamp();
            out.collect(r);
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
