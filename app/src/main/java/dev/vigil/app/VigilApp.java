package dev.vigil.app;

import dev.vigil.app.alertmanager.AlertmanagerNotifier;
import dev.vigil.app.alertmanager.Notifications;
import dev.vigil.app.cluster.InstanceFanOut;
import dev.vigil.app.cluster.KeyRouter;
import dev.vigil.app.cluster.PeerClient;
import dev.vigil.app.http.security.HttpSecurity;
import dev.vigil.app.http.AggregatesApi;
import dev.vigil.app.http.AlertsApi;
import dev.vigil.app.http.HttpEndpoints;
import dev.vigil.app.http.SummaryApi;
import dev.vigil.app.kafka.ClientProperties;
import dev.vigil.app.kafka.RefusedRecordHandler;
import dev.vigil.app.kafka.ClosePolicy;
import dev.vigil.app.kafka.CrashedStateWipe;
import dev.vigil.app.kafka.RestoreLog;
import dev.vigil.app.kafka.StreamThreadFailures;
import dev.vigil.app.kafka.StreamsProperties;
import dev.vigil.app.memory.JvmMemory;
import dev.vigil.app.memory.MemoryBudget;
import dev.vigil.app.kafka.TopicProvisioner;
import dev.vigil.app.metrics.AggregatesCollector;
import dev.vigil.app.metrics.AlertsCollector;
import dev.vigil.app.metrics.KafkaClientMetricNames;
import dev.vigil.app.metrics.LogDropsCollector;
import dev.vigil.app.metrics.SpanDropsCollector;
import dev.vigil.app.metrics.ProcessMetrics;
import dev.vigil.app.metrics.SelfMetricsCollector;
import dev.vigil.app.metrics.StoreReader;
import dev.vigil.app.status.LocalInstance;
import dev.vigil.app.status.LocalSummary;
import dev.vigil.app.status.TraceLinks;
import dev.vigil.app.telemetry.SelfTracing;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.TimestampWindow;
import dev.vigil.topology.TopologySettings;
import dev.vigil.topology.VigilTopology;
import dev.vigil.topology.series.AlertListener;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import dev.vigil.topology.RefusedInputs;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
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
    private final CrashedStateWipe stateWipe;
    /** A clean stop leaves the group unless this is a static member (ClosePolicy). */
    private final CloseOptions closeOptions;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final HttpEndpoints http;
    private final SelfMetricsCollector selfMetrics;
    private final SelfTracing tracing;
    /** Null without alerts.alertmanager.urls. */
    private final AlertmanagerNotifier notifier;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down by the state listener once it has logged the final state. */
    private final CountDownLatch finalStateLogged = new CountDownLatch(1);

    private VigilApp(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, PrometheusMeterRegistry registry,
                     HttpEndpoints http, SelfMetricsCollector selfMetrics, SelfTracing tracing,
                     AlertmanagerNotifier notifier, CrashedStateWipe stateWipe, CloseOptions closeOptions) {
        this.streams = streams;
        this.stateWipe = stateWipe;
        this.closeOptions = closeOptions;
        this.streamsMetrics = streamsMetrics;
        this.registry = registry;
        this.http = http;
        this.selfMetrics = selfMetrics;
        this.tracing = tracing;
        this.notifier = notifier;
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
        // The rules are validated before anything touches the cluster: a bad rule file fails fast.
        TopologySettings validated = TopologySettings.from(config);
        MemoryBudget memory = memoryBudget(config);
        TopicProvisioner.Provisioned topics = provisionTopics(config);
        // Records already in their entity's partition skip events-by-entity (EntityHome).
        TopologySettings settings = validated.withInputPartitions(topics.inputPartitions());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new KafkaClientMetricNames(config.observability().metrics().storeMetrics()));
        // The HTTP port must be known before Kafka Streams starts: it is this instance's
        // application.server, which other instances forward aggregate queries to. So the endpoints
        // start first, and serve readiness and the APIs once Kafka Streams exists (serveApis).
        HttpSecurity security = HttpSecurity.fromConfig(config.http());
        LOG.info("HTTP endpoints: {}", security.description());
        HttpEndpoints http = startHttp(config, registry, security);
        RefusedInputs refused = new RefusedInputs();
        Properties props = streamsProperties(config, memory, topics, http.port(), refused);
        // Before Kafka Streams opens anything: what a crash left under exactly-once goes now.
        CrashedStateWipe stateWipe = CrashedStateWipe.of(props);
        stateWipe.beforeStart();
        HostInfo self = HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
        AlertmanagerNotifier notifier = Notifications.fromConfig(config, registry.getPrometheusRegistry(), http.port(),
                security.scheme());
        KafkaStreams streams = buildStreams(settings, tracing, refused, topics.dlqTimestamps(), props,
                notifier == null ? AlertListener.NONE : notifier);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        KeyRouter router = new KeyRouter(streams, self);
        Collectors collectors = registerCollectors(registry.getPrometheusRegistry(), streams, router, settings);
        // /metrics writes the aggregates itself (AggregatesExposition): the registry's model and writer
        // took most of a scrape's CPU at 10,000 series.
        // observability.metrics.enabled: false keeps /metrics empty.
        if (config.observability().metrics().enabled()) {
            http.writeAggregatesDirectly(collectors.aggregates()::writePage);
        }
        serveApis(http, streams, router, collectors, new TraceLinks(config.observability().tracing().uiUrl()),
                security.peerClient());
        if (notifier != null) {
            StoreReader stores = new StoreReader(streams);
            notifier.start(() -> Notifications.stored(stores));
        }
        VigilApp app = new VigilApp(streams, streamsMetrics, registry, http, collectors.selfMetrics(), tracing,
                notifier, stateWipe, ClosePolicy.closeOptions(props, CLOSE_TIMEOUT));
        app.startStreams(config, self);
        return app;
    }

    private static TopicProvisioner.Provisioned provisionTopics(VigilConfig config) {
        try (Admin admin = Admin.create(adminProperties(config))) {
            return new TopicProvisioner(admin).provision(config.topics());
        }
    }

    private static Map<String, Object> adminProperties(VigilConfig config) {
        // Only the client properties an Admin knows, plus config providers; Streams-only keys would be
        // logged as unknown.
        return ClientProperties.admin(config);
    }

    /** Probes and {@code /metrics} at once; the APIs answer 503 until {@link #serveApis}. */
    private static HttpEndpoints startHttp(VigilConfig config, PrometheusMeterRegistry registry,
                                           HttpSecurity security) {
        // observability.metrics.enabled: false empties /metrics; the port stays, for probes and the
        // aggregates API that other instances forward queries to.
        PrometheusRegistry exposed = config.observability().metrics().enabled()
                ? registry.getPrometheusRegistry() : new PrometheusRegistry();
        int port = config.observability().metrics().prometheusPort();
        try {
            return HttpEndpoints.starting(config.http().bindAddress(), port, exposed,
                    Set.of(AggregatesApi.PREFIX, AlertsApi.PATH, SummaryApi.PATH), security);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.http().bindAddress() + " port " + port
                    + " (http.bind_address, observability.metrics.prometheus_port): " + e.getMessage(), e);
        }
    }

    /**
     * Heap, RocksDB and overhead against the memory limit, logged once: with {@code auto}, RocksDB
     * gets what the limit leaves (start-up fails when that is too little); a configured budget that
     * overcommits the limit is only warned about, since the limit the JVM sees may not be the one
     * that applies.
     */
    private static MemoryBudget memoryBudget(VigilConfig config) {
        MemoryBudget memory = MemoryBudget.resolve(config.kafka().rocksdb(), JvmMemory.read());
        if (memory.overcommitted()) {
            LOG.warn("{}", memory.describe());
        } else {
            LOG.info("{}", memory.describe());
        }
        return memory;
    }

    /** The configured Streams properties; {@code application.server}, unless configured, is this HTTP port. */
    private static Properties streamsProperties(VigilConfig config, MemoryBudget memory,
                                                TopicProvisioner.Provisioned topics, int httpPort,
                                                RefusedInputs refused) {
        Properties props = StreamsProperties.from(config, topics.maxRequestBytes(), memory);
        props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + httpPort);
        props.put(RefusedRecordHandler.REFUSED_INPUTS_CONFIG, refused);
        return props;
    }

    private static KafkaStreams buildStreams(TopologySettings settings, SelfTracing tracing, RefusedInputs refused,
                                             TimestampWindow dlqTimestamps,
                                             Properties props, AlertListener alerts) {
        KafkaStreams streams = new KafkaStreams(
                VigilTopology.build(settings, tracing.ingest(), refused, dlqTimestamps, alerts), props);
        // A thread that died because the broker refused one of its records (exactly-once: the
        // transaction could not commit) is replaced; its task skips the refused output the second
        // time. Anything else shuts the client down, as Kafka Streams does by default.
        streams.setUncaughtExceptionHandler(new StreamThreadFailures(refused));
        // One line per restore from the changelogs: how many records, how long (docs/observability.md).
        streams.setGlobalStateRestoreListener(new RestoreLog());
        return streams;
    }

    /** The collectors /metrics renders beside Micrometer's meters, reading Vigil's state stores. */
    private record Collectors(SelfMetricsCollector selfMetrics, AggregatesCollector aggregates,
                              AlertsCollector alerts) {
    }

    private static Collectors registerCollectors(PrometheusRegistry prometheus, KafkaStreams streams,
                                                 KeyRouter router, TopologySettings settings) {
        StoreReader stores = new StoreReader(streams);
        SelfMetricsCollector selfMetrics = new SelfMetricsCollector(stores);
        AggregatesCollector aggregates = new AggregatesCollector(stores, router, settings.aggregates());
        AlertsCollector alerts = new AlertsCollector(stores, router, settings.rules());
        prometheus.register(selfMetrics);
        prometheus.register(aggregates);
        prometheus.register(alerts);
        prometheus.register(new LogDropsCollector());
        prometheus.register(new SpanDropsCollector());
        ProcessMetrics.register(prometheus);
        return new Collectors(selfMetrics, aggregates, alerts);
    }

    private static void serveApis(HttpEndpoints http, KafkaStreams streams, KeyRouter router, Collectors collectors,
                                  TraceLinks traces, PeerClient peers) {
        // The summary reads the very collectors /metrics renders, so the page and /metrics agree.
        LocalSummary summary = new LocalSummary(new LocalInstance(streams, router.self()),
                collectors.selfMetrics()::counts, collectors.aggregates()::families, collectors.alerts()::firing,
                traces);
        InstanceFanOut others = new InstanceFanOut(streams, router.self(), peers);
        http.attach(() -> readiness(streams), Map.of(
                AggregatesApi.PREFIX, new AggregatesApi(streams, router, peers, collectors.aggregates()::families),
                AlertsApi.PATH, new AlertsApi(streams, others, collectors.alerts()::firing),
                SummaryApi.PATH, new SummaryApi(streams, others, summary, java.time.Clock.systemUTC())));
    }

    private static String readiness(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + state;
    }

    /** Logs every state change; the last one releases {@link #awaitTermination} and {@link #close}. */
    private void startStreams(VigilConfig config, HostInfo self) {
        streams.setStateListener((next, previous) -> {
            LOG.info("Kafka Streams {} -> {}", previous, next);
            if (next == KafkaStreams.State.RUNNING && notifier != null) {
                // Partitions may have moved here: send the alerts this instance owns now, not a
                // resend interval later.
                notifier.resendSoon();
            }
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                finalStateLogged.countDown();
                stopped.countDown();
            }
        });
        streams.start();
        LOG.info("Vigil started: application.id={}, input={}, HTTP port {}, application.server {}",
                config.kafka().applicationId(), config.topics().input(), http.port(), self);
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Current totals of the self-metric outcome stores (what {@code vigil_events_total} shows). */
    public Map<SelfMetricKey, Long> selfMetricCounts() {
        return selfMetrics.counts();
    }

    /** Blocks until Kafka Streams stops (error or shutdown). */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        http.close();
        if (streams.close(closeOptions)) {
            // Every task closed cleanly, its committed offsets kept: the next start needs no wipe.
            if (streams.state() == KafkaStreams.State.NOT_RUNNING) {
                stateWipe.markCleanStop();
            }
            // KafkaStreams.close returns once the state is NOT_RUNNING, but calls the state listener
            // after that, on its own thread: wait for the listener's last line, or a caller that
            // stops logging right after close() (vigil run's shutdown hook) would lose it.
            try {
                finalStateLogged.await(FINAL_STATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (notifier != null) {
            notifier.close();
        }
        streamsMetrics.close();
        registry.close();
        // After Kafka Streams: the last records' spans are queued by now and get exported.
        tracing.close();
        stopped.countDown();
    }
}
