package dev.vigil.serdes;

import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.impl.KafkaBinaryMessageReaderImpl;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventWriter;
import io.cloudevents.rw.CloudEventWriterFactory;
import org.apache.kafka.common.header.Headers;

/**
 * The context attributes of a binary-mode Kafka record, as the CloudEvents Kafka protocol binding
 * maps them ({@code ce_<name>} headers, {@code content-type} → {@code datacontenttype}).
 *
 * <p>The mapping is the SDK's ({@code cloudevents-kafka}'s binary message reader); this class is
 * the {@link CloudEventWriter} it writes into. It collects the attributes Vigil uses as raw strings
 * and validates nothing, so the parser can judge them in the order of docs/dead-letters.md and with its reasons
 * (the SDK's own {@code CloudEventBuilder} would throw, in its own order, on things the contract
 * does not reject, such as a {@code source} that is not a URI or an extension header name with a
 * dash). Unused attributes and extensions are ignored, and the data is taken from the record value
 * directly.
 */
final class BinaryAttributes implements CloudEventWriter<BinaryAttributes> {

    private static final CloudEventWriterFactory<BinaryAttributes, BinaryAttributes> FACTORY =
            version -> new BinaryAttributes();

    String id;
    String source;
    String type;
    String time;
    String subject;
    String datacontenttype;
    String traceparent;
    String tracestate;

    /**
     * Reads the attributes of a record already known to be in binary mode with
     * {@code ce_specversion: 1.0}. The reader is built directly rather than through
     * {@code KafkaMessageFactory.createReader}, whose own mode detection (content-type first,
     * {@code application/cloudevents*} → structured or an exception) is not the contract's order and
     * fails on a header with a null value; the headers are only read.
     */
    static BinaryAttributes read(Headers headers, byte[] value) {
        return new KafkaBinaryMessageReaderImpl(SpecVersion.V1, headers, value).read(FACTORY);
    }

    @Override
    public CloudEventContextWriter withContextAttribute(String name, String value) {
        switch (name) {
            case "id":
                id = value;
                break;
            case "source":
                source = value;
                break;
            case "type":
                type = value;
                break;
            case "time":
                time = value;
                break;
            case "subject":
                subject = value;
                break;
            case "datacontenttype":
                datacontenttype = value;
                break;
            case "traceparent":
                traceparent = value;
                break;
            case "tracestate":
                tracestate = value;
                break;
            default:
                // other attributes and extensions: kept on the record, not used by Vigil
        }
        return this;
    }

    @Override
    public BinaryAttributes end(CloudEventData data) {
        return this;
    }

    @Override
    public BinaryAttributes end() {
        return this;
    }
}
