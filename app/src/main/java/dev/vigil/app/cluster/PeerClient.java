package dev.vigil.app.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How one instance calls another's HTTP endpoints (at its {@code application.server}): the one
 * place that knows the scheme, the TLS trust and the credentials an instance presents, so that
 * forwarding an aggregate query and gathering alerts or the summary from every instance all call
 * the same way.
 */
public final class PeerClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client;
    private final String scheme;
    private final Map<String, String> headers;

    /**
     * @param client  the JDK client (with its SSLContext when the instances speak TLS)
     * @param scheme  {@code http} or {@code https}
     * @param headers sent with every request (e.g. {@code Authorization}); may be empty
     */
    public PeerClient(HttpClient client, String scheme, Map<String, String> headers) {
        this.client = client;
        this.scheme = scheme;
        this.headers = Map.copyOf(headers);
    }

    /** Plain HTTP, no credentials: instances whose endpoints are not secured. */
    public static PeerClient plain() {
        return new PeerClient(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), "http", Map.of());
    }

    /** @return a client builder with the connect timeout every peer call uses */
    public static HttpClient.Builder clientBuilder() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    }

    /** @return {@code http} or {@code https} */
    public String scheme() {
        return scheme;
    }

    /**
     * GETs {@code pathAndQuery} (raw, already encoded) from {@code host}.
     *
     * @param extraHeaders further request headers for this call
     */
    public HttpResponse<byte[]> get(HostInfo host, String pathAndQuery, Duration timeout,
                                    Map<String, String> extraHeaders) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(host, pathAndQuery)).timeout(timeout).GET();
        headers.forEach(request::header);
        extraHeaders.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** @return {@code scheme://host:port} followed by {@code pathAndQuery} */
    public URI uri(HostInfo host, String pathAndQuery) {
        return URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery);
    }
}
