package dev.vigil.app.cluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks every other instance of the application for its local part of an answer
 * ({@code <path>?scope=local}), for the endpoints whose answer is spread over the instances
 * (alerts, summary). All or nothing: one instance that does not answer 200 makes the whole
 * answer unavailable, since a merge missing an instance would look complete but be too small.
 */
public final class InstanceFanOut {
    /** Local parts: each instance answers for what it owns and does not ask further. */
    public static final String LOCAL_SCOPE = "scope=local";

    /** Reads one instance's body. */
    public interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    /** An instance did not answer; the message names it and says why. */
    public static final class InstanceUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        InstanceUnavailable(String message) {
            super(message);
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerClient client;

    public InstanceFanOut(KafkaStreams streams, HostInfo self, PeerClient client) {
        this.streams = streams;
        this.self = self;
        this.client = client;
    }

    /**
     * @param path    e.g. {@code /api/v1/alerts}; {@code ?scope=local} is appended
     * @param timeout per instance
     * @return one part per other instance, in the order Kafka Streams lists them
     * @throws InstanceUnavailable when one of them does not answer 200 with a readable body
     */
    public <T> List<T> askOthers(String path, Duration timeout, BodyReader<T> reader) throws InstanceUnavailable {
        List<T> parts = new ArrayList<>();
        for (StreamsMetadata member : streams.metadataForAllStreamsClients()) {
            HostInfo host = member.hostInfo();
            if (host.equals(self)) {
                continue;
            }
            try {
                HttpResponse<byte[]> response = client.get(host, path + "?" + LOCAL_SCOPE, timeout, Map.of());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                parts.add(reader.read(response.body()));
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new InstanceUnavailable("instance " + host.host() + ":" + host.port()
                        + " did not answer: " + e.getMessage());
            }
        }
        return parts;
    }
}
