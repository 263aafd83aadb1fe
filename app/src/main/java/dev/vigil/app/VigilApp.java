package dev.vigil.app;

import com.sun.net.httpserver.HttpHandler;
import dev.vigil.app.cluster.KeyRouter;
import dev.vigil.app.http.AggregatesApi;
import dev.vigil.app.http.AlertsApi;
import dev.vigil.app.http.HttpEndpoints;
import dev.vigil.app.kafka.RefusedRecordHandler;
import dev.vigil.app.kafka.StreamsProperties;
import dev.vigil.app.kafka.TopicProvisioner;
import dev.vigil.app.metrics.AggregatesCollector;
import dev.vigil.app.metrics.AlertsCollector;
import dev.vigil.app.metrics.KafkaClientMetricNames;
import dev.vigil.app.metrics.LogDropsCollector;
import dev.vigil.app.metrics.SelfMetricsCollector;
import dev.vigil.app.metrics.StoreReader;
import dev.vigil.app.telemetry.SelfTracing;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.TopologySettings;
import dev.vigil.topology.VigilTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import dev.vigil.topology.RefusedInputs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Vigil processor: topics checked, Kafka Streams started, HTTP endpoints serving.
 *
 * <pre>{@code
 * try (VigilApp app = VigilApp.start(config)) {
 *     app.awaitTermination();
 * }
 * }</pre>
 */
public final class VigilApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VigilApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FINAL_STATE_WAIT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final HttpEndpoints http;
    private final SelfMetricsCollector selfMetrics;
    private final SelfTracing tracing;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down by the state listener once it has logged the final state. */
    private final CountDownLatch finalStateLogged = new CountDownLatch(1);

    private VigilApp(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, PrometheusMeterRegistry registry,
                     HttpEndpoints http, SelfMetricsCollector selfMetrics, SelfTracing tracing) {
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.registry = registry;
        this.http = http;
        this.selfMetrics = selfMetrics;
        this.tracing = tracing;
    }

    /**
     * @throws dev.vigil.alerting.RuleException when the alert rules are invalid (the message names
     *                                           each rule and field)
     */
    public static VigilApp start(VigilConfig config) {
        SelfTracing tracing = SelfTracing.fromConfig(config);
        try {
            return start(config, tracing);
        } catch (RuntimeException e) {
            tracing.close();
            throw e;
        }
    }

    /**
     * As {@link #start(VigilConfig)}, with this tracing instead of the configuration's (closed with
     * the app).
     */
    public static VigilApp start(VigilConfig config, SelfTracing tracing) {
        TopologySettings settings = TopologySettings.from(config);
        TopicProvisioner.Provisioned topics;
        try (Admin admin = Admin.create(adminProperties(config))) {
            topics = new TopicProvisioner(admin).provision(config.topics());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new KafkaClientMetricNames());
        // The HTTP port must be known before Kafka Streams starts: it is this instance's
        // application.server, which other instances forward aggregate queries to.
        AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
        HttpHandler starting = exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.sendResponseHeaders(503, -1);
        };
        AtomicReference<HttpHandler> aggregatesApi = new AtomicReference<>(starting);
        AtomicReference<HttpHandler> alertsApi = new AtomicReference<>(starting);
        // observability.metrics.enabled: false empties /metrics; the port stays, for probes and the
        // aggregates API that other instances forward queries to.
        PrometheusRegistry exposed = config.observability().metrics().enabled()
                ? registry.getPrometheusRegistry() : new PrometheusRegistry();
        HttpEndpoints http;
        try {
            http = HttpEndpoints.start("0.0.0.0", config.observability().metrics().prometheusPort(),
                    exposed, () -> readiness(streamsRef.get()),
                    Map.of(AggregatesApi.PREFIX, exchange -> aggregatesApi.get().handle(exchange),
                            AlertsApi.PATH, exchange -> alertsApi.get().handle(exchange)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port "
                    + config.observability().metrics().prometheusPort()
                    + " (observability.metrics.prometheus_port): " + e.getMessage(), e);
        }
        Properties props = StreamsProperties.from(config, topics.maxRequestBytes());
        props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + http.port());
        HostInfo self = HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
        RefusedInputs refused = new RefusedInputs();
        props.put(RefusedRecordHandler.REFUSED_INPUTS_CONFIG, refused);
        KafkaStreams streams = new KafkaStreams(VigilTopology.build(settings, tracing.ingest(), refused), props);
        streamsRef.set(streams);
        // A thread that died right after the broker refused one of its records (exactly-once: the
        // transaction could not commit) is replaced; its task skips the refused output the second
        // time. Anything else shuts the client down, as Kafka Streams does by default.
        streams.setUncaughtExceptionHandler(e -> refused.takeNewRefusal()
                ? StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD
                : StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        StoreReader stores = new StoreReader(streams);
        KeyRouter router = new KeyRouter(streams, self);
        SelfMetricsCollector selfMetrics = new SelfMetricsCollector(stores);
        AggregatesCollector aggregates = new AggregatesCollector(stores, router, settings.aggregates());
        AlertsCollector alerts = new AlertsCollector(stores, router, settings.rules());
        registry.getPrometheusRegistry().register(selfMetrics);
        registry.getPrometheusRegistry().register(aggregates);
        registry.getPrometheusRegistry().register(alerts);
        registry.getPrometheusRegistry().register(new LogDropsCollector());
        aggregatesApi.set(new AggregatesApi(streams, router, aggregates::families));
        alertsApi.set(new AlertsApi(streams, router, alerts::firing));

        VigilApp app = new VigilApp(streams, streamsMetrics, registry, http, selfMetrics, tracing);
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                app.finalStateLogged.countDown();
                app.stopped.countDown();
            }
        });
        streams.start();
        LOG.info("Vigil started: application.id={}, input={}, HTTP port {}, application.server {}",
                config.kafka().applicationId(), config.topics().input(), http.port(), self);
        return app;
    }

    private static Map<String, Object> adminProperties(VigilConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafka().properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        // Only the client properties an Admin knows; Streams-only keys would be logged as unknown.
        Map<String, Object> admin = new java.util.HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (props.containsKey(name)) {
                admin.put(name, props.get(name));
            }
        }
        return admin;
    }

    private static String readiness(KafkaStreams streams) {
        if (streams == null) {
            return "starting";
        }
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + state;
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Current totals of the self-metric outcome stores (what {@code vigil_events_total} shows). */
    public Map<String, Long> selfMetricCounts() {
        return selfMetrics.counts();
    }

    /** Blocks until Kafka Streams stops (error or shutdown). */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        http.close();
        if (streams.close(CLOSE_TIMEOUT)) {
            // KafkaStreams.close returns once the state is NOT_RUNNING, but calls the state listener
            // after that, on its own thread: wait for the listener's last line, or a caller that
            // stops logging right after close() (vigil run's shutdown hook) would lose it.
            try {
                finalStateLogged.await(FINAL_STATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streamsMetrics.close();
        registry.close();
        // After Kafka Streams: the last records' spans are queued by now and get exported.
        tracing.close();
        stopped.countDown();
    }
}
