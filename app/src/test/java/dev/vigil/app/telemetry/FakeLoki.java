package dev.vigil.app.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * Plays Grafana Loki's push API (Loki is not installable on these machines) on loopback, checking
 * every request against the API as documented: {@code POST /loki/api/v1/push},
 * {@code Content-Type: application/json}, a body that is gzip-compressed when
 * {@code Content-Encoding: gzip} says so, holding {@code {"streams":[{"stream":{labels},
 * "values":[["<unix epoch ns as a string>","<line>"],...]}]}}, plus the tenant and
 * {@code Authorization} headers the test expects. A request that breaks a rule is answered 400
 * and its problem kept in {@link #violations()}.
 *
 * <p>Answers come from a script ({@link #answer}): each scripted answer is used once, in order;
 * then 204. A line counts as delivered only when its push was answered 204.
 */
final class FakeLoki implements AutoCloseable {
    /** Close the connection without answering: what a crashed or restarting Loki does. */
    static final int HANG_UP = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer: a status and, for 429/503, an optional Retry-After. */
    record Answer(int status, String retryAfter) {
    }

    /** One push as received: when, what it answered, its lines. */
    record Push(long nanoTime, int status, List<String> lines) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final String tenant;
    private final String authorization;
    private volatile boolean failing;

    /**
     * @param tenant        the X-Scope-OrgID every push must carry, or null for none
     * @param authorization the Authorization every push must carry, or null for none
     */
    FakeLoki(String tenant, String authorization) throws IOException {
        this.tenant = tenant;
        this.authorization = authorization;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next pushes are answered so, in order. */
    FakeLoki answer(int status, String retryAfter) {
        script.add(new Answer(status, retryAfter));
        return this;
    }

    FakeLoki answer(int status) {
        return answer(status, null);
    }

    /** Until {@link #recover()}, every push gets 503. */
    void fail() {
        failing = true;
    }

    void recover() {
        failing = false;
    }

    List<Push> pushes() {
        return List.copyOf(pushes);
    }

    /** Every line of every push Loki accepted (204), in order of arrival. */
    List<String> delivered() {
        List<String> out = new ArrayList<>();
        pushes.stream().filter(p -> p.status() == 204).forEach(p -> out.addAll(p.lines()));
        return out;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        List<String> problems = new ArrayList<>();
        List<String> lines = check(exchange, raw, problems);
        Answer answer = problems.isEmpty() ? next() : new Answer(400, null);
        if (!problems.isEmpty()) {
            violations.addAll(problems);
        }
        pushes.add(new Push(now, answer.status(), lines));
        if (answer.status() == HANG_UP) {
            exchange.close();
            return;
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
        }
        if (answer.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] body = ("error " + answer.status()).getBytes();
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private Answer next() {
        Answer scripted = script.poll();
        if (scripted != null) {
            return scripted;
        }
        return failing ? new Answer(503, null) : new Answer(204, null);
    }

    /** The push's lines, adding to {@code problems} whatever breaks Loki's push API or the expected headers. */
    private List<String> check(HttpExchange exchange, byte[] raw, List<String> problems) {
        List<String> lines = new ArrayList<>();
        if (!exchange.getRequestMethod().equals("POST")) {
            problems.add("method " + exchange.getRequestMethod());
        }
        if (!exchange.getRequestURI().getPath().equals("/loki/api/v1/push")) {
            problems.add("path " + exchange.getRequestURI().getPath());
        }
        var headers = exchange.getRequestHeaders();
        if (!"application/json".equals(headers.getFirst("Content-Type"))) {
            problems.add("Content-Type " + headers.getFirst("Content-Type"));
        }
        expectHeader(headers.getFirst("X-Scope-OrgID"), tenant, "X-Scope-OrgID", problems);
        expectHeader(headers.getFirst("Authorization"), authorization, "Authorization", problems);
        byte[] body = raw;
        String encoding = headers.getFirst("Content-Encoding");
        if ("gzip".equals(encoding)) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                body = in.readAllBytes();
            } catch (IOException e) {
                problems.add("Content-Encoding gzip but the body is not gzip: " + e);
                return lines;
            }
        } else if (encoding != null) {
            problems.add("Content-Encoding " + encoding);
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode streams = root.get("streams");
            if (streams == null || !streams.isArray() || streams.isEmpty()) {
                problems.add("no streams array");
                return lines;
            }
            for (JsonNode stream : streams) {
                JsonNode labels = stream.get("stream");
                if (labels == null || !labels.isObject() || labels.isEmpty()) {
                    problems.add("a stream without labels");
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> label = it.next();
                        if (!label.getValue().isTextual() || !label.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                            problems.add("label " + label.getKey() + "=" + label.getValue());
                        }
                    }
                }
                JsonNode values = stream.get("values");
                if (values == null || !values.isArray() || values.isEmpty()) {
                    problems.add("a stream without values");
                    continue;
                }
                for (JsonNode value : values) {
                    if (!value.isArray() || value.size() != 2 || !value.get(0).isTextual()
                            || !value.get(0).asText().matches("\\d{1,19}") || !value.get(1).isTextual()) {
                        problems.add("value " + value);
                    } else {
                        lines.add(value.get(1).asText());
                    }
                }
            }
        } catch (IOException e) {
            problems.add("body is not JSON: " + e.getMessage());
        }
        return lines;
    }

    private static void expectHeader(String actual, String expected, String name, List<String> problems) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            problems.add(name + " " + actual + " (expected " + expected + ")");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
