package dev.vigil.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running in a child
 * JVM on the loopback interface, for integration tests and for {@code vigil demo}.
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start()) {
 *     broker.createTopic("events", 3, Map.of());
 *     Map<String, Object> props = broker.clientProperties();
 *     props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
 *     props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
 *     try (Producer<String, String> producer = new KafkaProducer<>(props)) {
 *         producer.send(new ProducerRecord<>("events", "key", "value")).get();
 *     }
 *     broker.kill();     // SIGKILL, as in a crash
 *     broker.restart();  // same port, same data
 * } // stops the broker and deletes its temporary data directory
 * }</pre>
 *
 * <h2>Why a child JVM</h2>
 * <ul>
 *   <li>The Kafka entry points ({@code kafka.tools.StorageTool} to format the log directory and
 *       {@code kafka.Kafka} to run the server) end with {@code System.exit}, which must not end the
 *       test run or the Vigil process.</li>
 *   <li>A crash can be simulated for real: {@link #kill()} sends SIGKILL, so no shutdown code of the
 *       broker runs, exactly as when a production broker dies; {@link #restart()} then exercises
 *       log recovery.</li>
 *   <li>The broker's heap, GC, threads and logging configuration are isolated from the JVM under
 *       test, so measurements and logs of that JVM are not polluted by the broker.</li>
 * </ul>
 * The child uses the same {@code java} binary and the current {@code java.class.path}, which works
 * both on a Maven test class path and from a shaded jar.
 *
 * <h2>A secured listener</h2>
 * With {@link Options#withSaslSsl(String, String)} the broker also opens a {@code SASL_SSL} listener
 * with SCRAM-SHA-512, as a production cluster would, for tests of clients configured for it: the
 * server certificate (for {@code localhost} and {@code 127.0.0.1}, from {@link TestCertificates})
 * is generated into the data directory, the SCRAM user is created (through the PLAINTEXT listener,
 * with {@code Admin.alterUserScramCredentials}) before {@link #start(Options)} returns, and
 * {@link #saslSslClientProperties()} are the properties a client needs. The PLAINTEXT and
 * controller listeners stay as they are: the testkit's own admin calls and inter-broker traffic do
 * not need the credentials.
 *
 * <h2>Files</h2>
 * The data directory holds {@code server.properties}, the broker's logging configuration, the
 * broker log ({@link #logFile()}, which receives the child's stdout and stderr; nothing is written
 * to this JVM's stdout) and the Kafka log directory {@code kafka-logs/}. A data directory given in
 * {@link Options#dataDir()} is kept on {@link #close()} and, if already formatted, reused as is.
 *
 * <h2>Lifecycle and safety</h2>
 * A JVM shutdown hook (unless {@link Options#withoutJvmShutdownHook()}) kills the child when this JVM
 * exits without calling {@link #close()}; and if
 * this JVM is killed outright, the child notices that its standard input pipe was closed and shuts
 * itself down. Methods are thread-safe; after {@link #close()} only the accessors may be used.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int LOG_TAIL_LINES = 40;
    private static final int MAX_BIND_ATTEMPTS = 3;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HOOK_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;
    private static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";
    private static final String SASL_SSL = "SASL_SSL";
    private static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final int SCRAM_ITERATIONS = 8192;

    private final Options options;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Path kafkaLogDir;
    private final Path serverProperties;
    private final Path loggingConfig;
    private final Path logFile;
    private final String javaBinary;
    private final String classPath;
    private final Thread shutdownHook;

    // Guarded by this; read without the lock only by accessors and the shutdown hook.
    private volatile int port;
    private volatile int controllerPort;
    private volatile int saslSslPort;
    private volatile TestCertificates certificates;
    private volatile Process process;
    private volatile boolean closed;

    private KafkaBroker(Options options) {
        this.options = options;
        this.javaBinary = javaBinary();
        this.classPath = System.getProperty("java.class.path", "");
        if (classPath.isBlank()) {
            throw new KafkaBrokerException("java.class.path is empty; cannot start a broker JVM");
        }
        try {
            if (options.dataDir() == null) {
                this.dataDir = Files.createTempDirectory("vigil-kafka-").toAbsolutePath();
                this.ownsDataDir = true;
            } else {
                this.dataDir = Files.createDirectories(options.dataDir()).toAbsolutePath();
                this.ownsDataDir = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data directory", e);
        }
        this.kafkaLogDir = dataDir.resolve("kafka-logs");
        this.serverProperties = dataDir.resolve("server.properties");
        this.loggingConfig = dataDir.resolve("broker-logback.xml");
        this.logFile = dataDir.resolve("broker.log");
        this.shutdownHook = new Thread(this::onJvmShutdown, "vigil-kafka-broker-shutdown");
    }

    /**
     * Starts a broker with {@link Options#defaults()}: a new temporary data directory, a free
     * loopback port and a 512 MB heap.
     *
     * @return the running broker, ready to serve requests
     * @throws KafkaBrokerException if it does not start; the message ends with the broker log tail
     */
    public static KafkaBroker start() {
        return start(Options.defaults());
    }

    /**
     * Formats the data directory (unless already formatted), starts the broker JVM and waits until
     * the broker answers admin requests, at most {@link Options#startTimeout()}.
     *
     * @param options how to run the broker
     * @return the running broker, ready to serve requests
     * @throws KafkaBrokerException if it does not start; the message ends with the broker log tail
     */
    public static KafkaBroker start(Options options) {
        Objects.requireNonNull(options, "options");
        KafkaBroker broker = new KafkaBroker(options);
        try {
            broker.boot();
            return broker;
        } catch (RuntimeException | Error e) {
            try {
                broker.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** @return {@code 127.0.0.1:<port>}, for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** @return the PLAINTEXT port clients connect to; it stays the same across {@link #restart()} */
    public int port() {
        return port;
    }

    /**
     * @return {@code 127.0.0.1:<port>} of the SASL_SSL listener, for {@code bootstrap.servers}
     * @throws IllegalStateException if the broker was started without {@link Options#withSaslSsl}
     */
    public String saslSslBootstrapServers() {
        requireSaslSsl();
        return HOST + ":" + saslSslPort;
    }

    /**
     * @return the SASL_SSL port; it stays the same across {@link #restart()}
     * @throws IllegalStateException if the broker was started without {@link Options#withSaslSsl}
     */
    public int saslSslPort() {
        requireSaslSsl();
        return saslSslPort;
    }

    /**
     * @return the CA, server certificate and stores of the SASL_SSL listener (in the data
     *         directory's {@code tls/}); clients trust {@link TestCertificates#truststore()} or
     *         {@link TestCertificates#caCertPem()}
     * @throws IllegalStateException if the broker was started without {@link Options#withSaslSsl}
     */
    public TestCertificates certificates() {
        requireSaslSsl();
        return certificates;
    }

    /**
     * Client properties for the SASL_SSL listener as the configured SCRAM user: a new mutable map
     * with {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.mechanism},
     * {@code sasl.jaas.config} and the {@code ssl.truststore.*} of the broker's CA.
     *
     * @return a new mutable map
     * @throws IllegalStateException if the broker was started without {@link Options#withSaslSsl}
     */
    public Map<String, Object> saslSslClientProperties() {
        SaslSsl sasl = options.saslSsl();
        requireSaslSsl();
        return saslSslClientProperties(sasl.username(), sasl.password());
    }

    /**
     * As {@link #saslSslClientProperties()}, logging in as this user with this password (which may
     * be wrong, to test a failed authentication).
     *
     * @param username the SCRAM user name
     * @param password the password the client presents
     * @return a new mutable map
     */
    public Map<String, Object> saslSslClientProperties(String username, String password) {
        requireSaslSsl();
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslSslBootstrapServers());
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, SASL_SSL);
        props.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(username, password));
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        return props;
    }

    /**
     * The {@code sasl.jaas.config} value of a SCRAM client.
     *
     * @param username the user name
     * @param password the password
     * @return {@code ScramLoginModule required username="..." password="...";}
     */
    public static String scramJaasConfig(String username, String password) {
        return SCRAM_LOGIN_MODULE + " required username=\"" + jaasEscape(username) + "\" password=\""
                + jaasEscape(password) + "\";";
    }

    /**
     * Creates or replaces a SCRAM-SHA-512 user (through the PLAINTEXT listener) and waits until the
     * SASL_SSL listener accepts it.
     *
     * @param username the user name
     * @param password its password
     * @throws IllegalStateException if the broker was started without {@link Options#withSaslSsl}
     */
    public void upsertScramUser(String username, String password) {
        requireSaslSsl();
        ensureOpen();
        upsertScramCredential(username, password);
        awaitSaslSslLogin(username, password, System.nanoTime() + TOPIC_TIMEOUT.toNanos());
    }

    /** @return the directory holding the configuration, the broker log and the Kafka log dir */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the broker log: the child JVM's stdout and stderr, appended across restarts */
    public Path logFile() {
        return logFile;
    }

    /**
     * @return the process id of the current (or, once stopped, the last) broker JVM
     */
    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("The broker process was never started");
        }
        return p.pid();
    }

    /** @return whether the broker JVM is alive (it may still be starting) */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** @return the options this broker was started with */
    public Options options() {
        return options;
    }

    /**
     * Client properties pointing at this broker: a new mutable map with {@code bootstrap.servers},
     * to which the caller adds serializers, group ids and so on.
     *
     * @return a new mutable map
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * Creates a new admin client for this broker. The caller owns it and must close it.
     *
     * @return a new admin client
     */
    public Admin createAdmin() {
        return Admin.create(clientProperties());
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader.
     *
     * @param name       the topic name
     * @param partitions the number of partitions, at least 1
     * @param configs    topic configs (for example {@code cleanup.policy=compact}); may be empty
     * @throws KafkaBrokerException if the topic already exists (see
     *                              {@link #createTopicIfMissing(String, int, Map)}) or cannot be
     *                              created
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        if (!createTopicInternal(name, partitions, configs)) {
            throw new KafkaBrokerException("Topic '" + name + "' already exists on broker "
                    + bootstrapServers() + "; use createTopicIfMissing to accept an existing topic");
        }
    }

    /**
     * Creates a topic with replication factor 1 and no configs; see
     * {@link #createTopic(String, int, Map)}.
     *
     * @param name       the topic name
     * @param partitions the number of partitions, at least 1
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic unless it exists, and waits until every partition has a leader. An existing
     * topic must have the requested number of partitions; its configs are not compared.
     *
     * @param name       the topic name
     * @param partitions the number of partitions, at least 1
     * @param configs    topic configs used if the topic is created; may be empty
     * @return {@code true} if the topic was created, {@code false} if it already existed
     * @throws KafkaBrokerException if the topic exists with another partition count or cannot be
     *                              created
     */
    public boolean createTopicIfMissing(String name, int partitions, Map<String, String> configs) {
        return createTopicInternal(name, partitions, configs);
    }

    /**
     * Hard stop: SIGKILL (no controlled shutdown, no flush), then waits until the process is gone.
     * The data directory is kept; {@link #restart()} brings the broker back. Does nothing if the
     * broker is not running.
     *
     * @throws KafkaBrokerException if the process is still alive after 30 s
     */
    public synchronized void kill() {
        ensureOpen();
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        if (!waitForExit(p, KILL_TIMEOUT)) {
            throw new KafkaBrokerException("Broker pid " + p.pid() + " still alive " + KILL_TIMEOUT
                    + " after SIGKILL");
        }
        closeStdin(p);
        LOG.info("Killed Kafka broker pid {} at {}", p.pid(), bootstrapServers());
    }

    /**
     * Graceful stop: SIGTERM (Kafka's controlled shutdown), waits up to 30 s, then kills. Does
     * nothing if the broker is not running.
     */
    public synchronized void stop() {
        ensureOpen();
        stopProcess(STOP_TIMEOUT);
    }

    /**
     * Starts the broker again on the same port with the same data directory (no reformat) and
     * waits until it is ready. A running broker is stopped gracefully first. Typically used after
     * {@link #kill()} or {@link #stop()}.
     *
     * @throws KafkaBrokerException if it does not start; the message ends with the broker log tail
     */
    public synchronized void restart() {
        ensureOpen();
        stopProcess(STOP_TIMEOUT);
        launchAndAwaitReady();
    }

    /**
     * Stops the broker gracefully and, if the data directory was created by this class, deletes it.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess(STOP_TIMEOUT);
        } finally {
            removeShutdownHook();
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    @Override
    public String toString() {
        Process p = process;
        return "KafkaBroker[" + bootstrapServers() + ", pid=" + (p == null ? "-" : p.pid())
                + ", running=" + isRunning() + ", dataDir=" + dataDir + "]";
    }

    // ---------------------------------------------------------------- start

    private synchronized void boot() {
        if (options.jvmShutdownHook()) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            Files.createDirectories(kafkaLogDir);
            writeLoggingConfig();
            if (options.saslSsl() != null) {
                // Fresh each start: nothing to keep, and a certificate never expires under a test.
                certificates = TestCertificates.generate(dataDir.resolve("tls"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the broker data directory " + dataDir, e);
        }
        boolean formatted = Files.exists(kafkaLogDir.resolve("meta.properties"));
        if (options.port() != 0 && !isPortFree(options.port())) {
            throw new KafkaBrokerException("Port " + options.port() + " on " + HOST
                    + " is already in use; cannot start a Kafka broker on it");
        }
        for (int attempt = 1; ; attempt++) {
            boolean saslSsl = options.saslSsl() != null;
            int[] ports = freePorts((options.port() == 0 ? 2 : 1) + (saslSsl ? 1 : 0));
            int next = 0;
            port = options.port() == 0 ? ports[next++] : options.port();
            controllerPort = ports[next++];
            saslSslPort = saslSsl ? ports[next] : 0;
            writeServerProperties();
            if (!formatted) {
                format();
                formatted = true;
            }
            long logOffset = fileSize(logFile);
            try {
                launchAndAwaitReady();
                return;
            } catch (KafkaBrokerException e) {
                boolean bindConflict = readLogFrom(logOffset).contains("Address already in use");
                if (!bindConflict || attempt >= MAX_BIND_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("A port picked for the Kafka broker was taken meanwhile; retrying ({}/{})",
                        attempt, MAX_BIND_ATTEMPTS);
            }
        }
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        // A short-lived tool: C1 only and the serial GC start fastest.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(commonJvmArgs());
        command.add("-cp");
        command.add(classPath);
        command.add(STORAGE_TOOL_MAIN);
        command.add("format");
        command.add("--cluster-id");
        command.add(clusterId);
        command.add("--config");
        command.add(serverProperties.toString());
        appendToLog("formatting " + kafkaLogDir + " with cluster id " + clusterId);
        Process p = startChild(command);
        closeStdin(p);
        if (!waitForExit(p, options.startTimeout())) {
            p.destroyForcibly();
            waitForExit(p, KILL_TIMEOUT);
            throw failure("Formatting the Kafka log directory did not finish within "
                    + options.startTimeout(), null);
        }
        if (p.exitValue() != 0) {
            throw failure("Formatting the Kafka log directory failed (exit code " + p.exitValue()
                    + ")", null);
        }
    }

    private void launchAndAwaitReady() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.add("-Xmx" + options.heapMb() + "m");
        // Parallel GC and full C2: cheaper than G1 on two cores, and throughput matters for
        // benchmarks; C1-only would start ~0.4 s faster but run slower.
        command.add("-XX:+UseParallelGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(commonJvmArgs());
        command.addAll(TestJvm.args());
        command.addAll(options.jvmArgs());
        command.add("-cp");
        command.add(classPath);
        command.add(BrokerMain.class.getName());
        command.add(serverProperties.toString());

        long startNanos = System.nanoTime();
        appendToLog("starting broker on " + bootstrapServers() + " (controller port "
                + controllerPort + ")");
        Process p = startChild(command);
        process = p;
        awaitReady(p, startNanos);
        if (options.saslSsl() != null) {
            awaitSaslSslReady(p, startNanos);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        LOG.info("Kafka broker pid {} ready at {} in {} ms (data dir {})", p.pid(),
                bootstrapServers(), millis, dataDir);
    }

    private List<String> commonJvmArgs() {
        return List.of(
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + loggingConfig,
                // Marks the process, e.g. in ps output.
                "-Dvigil.testkit.broker.dataDir=" + dataDir);
    }

    private Process startChild(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // Agents or flags meant for this JVM (a debugger, coverage) must not attach to the broker.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new KafkaBrokerException("Cannot start a child JVM with " + javaBinary, e);
        }
    }

    private void awaitReady(Process p, long startNanos) {
        long deadline = startNanos + options.startTimeout().toNanos();
        Admin admin = null;
        try {
            while (true) {
                if (!p.isAlive()) {
                    closeStdin(p);
                    throw failure("The Kafka broker JVM (pid " + p.pid() + ") exited with code "
                            + p.exitValue() + " while starting", null);
                }
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0) {
                    p.destroyForcibly();
                    waitForExit(p, KILL_TIMEOUT);
                    closeStdin(p);
                    throw failure("The Kafka broker (pid " + p.pid() + ") was not ready within "
                            + options.startTimeout() + "; killed it", null);
                }
                // Connecting an admin client only once the port is open keeps its connection
                // warnings out of this JVM's log.
                if (admin == null && acceptsConnections(port)) {
                    admin = Admin.create(readinessAdminProperties());
                }
                if (admin != null
                        && answers(admin, Math.min(remainingNanos, TimeUnit.SECONDS.toNanos(5)))) {
                    return;
                }
                waitForExit(p, Duration.ofMillis(POLL_MILLIS));
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }

    private Map<String, Object> readinessAdminProperties() {
        Map<String, Object> props = clientProperties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-testkit-readiness");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return props;
    }

    private static boolean answers(Admin admin, long timeoutNanos) {
        try {
            boolean hasNodes = !admin.describeCluster().nodes()
                    .get(timeoutNanos, TimeUnit.NANOSECONDS).isEmpty();
            if (!hasNodes) {
                return false;
            }
            admin.listTopics().names().get(timeoutNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates the SCRAM user (idempotent: also after a restart or on a reused data directory) and
     * waits until a client can log in over SASL_SSL, which proves the TLS listener is up and the
     * credential has reached the broker's metadata.
     */
    private void awaitSaslSslReady(Process p, long startNanos) {
        SaslSsl sasl = options.saslSsl();
        try {
            upsertScramCredential(sasl.username(), sasl.password());
            awaitSaslSslLogin(sasl.username(), sasl.password(),
                    startNanos + options.startTimeout().toNanos());
        } catch (KafkaBrokerException e) {
            p.destroyForcibly();
            waitForExit(p, KILL_TIMEOUT);
            closeStdin(p);
            throw failure(e.getMessage(), e.getCause());
        }
    }

    private void upsertScramCredential(String username, String password) {
        try (Admin admin = createAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(username,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                            password)))
                    .all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaBrokerException("Cannot create SCRAM user '" + username + "' on "
                    + bootstrapServers() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while creating a SCRAM user", e);
        }
    }

    private void awaitSaslSslLogin(String username, String password, long deadlineNanos) {
        Exception last = null;
        while (System.nanoTime() < deadlineNanos) {
            Map<String, Object> props = saslSslClientProperties(username, password);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-testkit-sasl-readiness");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            // A new client per attempt: an authentication failure is not retried by the client.
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                // Typically SaslAuthenticationException until the credential reached the broker.
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaBrokerException("Interrupted while waiting for the SASL_SSL listener", e);
            }
            Process p = process;
            if (p == null || waitForExit(p, Duration.ofMillis(POLL_MILLIS * 4))) {
                throw new KafkaBrokerException("The Kafka broker is not running", last);
            }
        }
        throw new KafkaBrokerException("User '" + username + "' could not log in on the SASL_SSL listener "
                + saslSslBootstrapServers() + " in time: " + last, last);
    }

    private void requireSaslSsl() {
        if (options.saslSsl() == null) {
            throw new IllegalStateException("This broker has no SASL_SSL listener; start it with "
                    + "Options.withSaslSsl(username, password)");
        }
    }

    /** Escapes a JAAS option value for a double-quoted string. */
    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ---------------------------------------------------------------- stop

    private void stopProcess(Duration timeout) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        long startNanos = System.nanoTime();
        // SIGTERM runs Kafka's shutdown hook (a controlled shutdown). Stdin stays open until the
        // process is gone, so the child's parent watchdog does not report a vanished parent.
        p.destroy();
        if (!waitForExit(p, timeout)) {
            LOG.warn("Kafka broker pid {} did not stop within {}; killing it", p.pid(), timeout);
            p.destroyForcibly();
            waitForExit(p, KILL_TIMEOUT);
        }
        closeStdin(p);
        LOG.info("Stopped Kafka broker pid {} at {} in {} ms", p.pid(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private void onJvmShutdown() {
        // No lock here: a start() in progress holds it.
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!waitForExit(p, HOOK_STOP_TIMEOUT)) {
                p.destroyForcibly();
                waitForExit(p, HOOK_STOP_TIMEOUT);
            }
        }
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook runs anyway.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The Kafka broker has been closed");
        }
    }

    private static boolean waitForExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while waiting for the Kafka broker JVM", e);
        }
    }

    private static void closeStdin(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // Already closed or the process is gone.
        }
    }

    // ---------------------------------------------------------------- topics

    private boolean createTopicInternal(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configs, "configs");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        ensureOpen();
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(new HashMap<>(configs));
        try (Admin admin = createAdmin()) {
            boolean created;
            try {
                admin.createTopics(List.of(topic)).all()
                        .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                created = true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new KafkaBrokerException("Cannot create topic '" + name + "' on "
                            + bootstrapServers() + ": " + e.getCause(), e.getCause());
                }
                created = false;
            }
            TopicDescription description = awaitLeaders(admin, name);
            if (description.partitions().size() != partitions) {
                throw new KafkaBrokerException("Topic '" + name + "' already exists with "
                        + description.partitions().size() + " partitions, not " + partitions);
            }
            return created;
        } catch (TimeoutException e) {
            throw new KafkaBrokerException("Creating topic '" + name + "' on " + bootstrapServers()
                    + " did not finish within " + TOPIC_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while creating topic '" + name + "'", e);
        }
    }

    /** Waits until the broker's metadata shows a leader for every partition of the topic. */
    private TopicDescription awaitLeaders(Admin admin, String name)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name))
                        .allTopicNames().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(name);
                if (description != null && allHaveLeaders(description.partitions())) {
                    return description;
                }
            } catch (ExecutionException e) {
                // Typically UnknownTopicOrPartition until the broker has applied the metadata.
                last = e;
            }
            Process p = process;
            if (p == null || waitForExit(p, Duration.ofMillis(POLL_MILLIS))) {
                throw new KafkaBrokerException("The Kafka broker is not running", last);
            }
        }
        TimeoutException timeout = new TimeoutException("No leader for every partition of " + name);
        if (last != null) {
            timeout.initCause(last);
        }
        throw timeout;
    }

    private static boolean allHaveLeaders(Collection<TopicPartitionInfo> partitions) {
        return !partitions.isEmpty()
                && partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    // ---------------------------------------------------------------- files

    private void writeServerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static single-voter quorum: no dynamic-quorum flags are needed when formatting.
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        SaslSsl sasl = options.saslSsl();
        String saslListener = sasl == null ? "" : "," + SASL_SSL + "://" + HOST + ":" + saslSslPort;
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":"
                + controllerPort + saslListener);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port + saslListener);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (sasl == null ? "" : "," + SASL_SSL + ":" + SASL_SSL));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        if (sasl != null) {
            // Only the SASL_SSL listener has SASL and TLS settings (listener.name.<name>.*).
            String prefix = "listener.name." + SASL_SSL.toLowerCase(Locale.ROOT) + ".";
            props.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
            // The broker's side of SCRAM has no options: the credentials are in the metadata log.
            props.put(prefix + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    SCRAM_LOGIN_MODULE + " required;");
            props.put(prefix + "ssl.keystore.type", "PKCS12");
            props.put(prefix + "ssl.keystore.location", certificates.serverKeystore().toString());
            props.put(prefix + "ssl.keystore.password", certificates.password());
            props.put(prefix + "ssl.key.password", certificates.password());
            props.put(prefix + "ssl.client.auth", "none");
        }
        props.put("log.dirs", kafkaLogDir.toString());
        // A single node: every internal topic has one replica.
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the default 50: faster first group join and transaction.
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        // No waiting for more members before the first rebalance.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");
        // After a SIGKILL the restarted controller only accepts the broker's new registration
        // once the old session expired: 9 s by default, which would dominate restart().
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("auto.create.topics.enable", "false");
        props.put("delete.topic.enable", "true");
        // The default 128 MB dedupe buffer would take a quarter of a 512 MB heap.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
        props.putAll(options.extraServerProperties());

        StringBuilder text = new StringBuilder("# Written by ")
                .append(KafkaBroker.class.getName()).append('\n');
        props.forEach((key, value) -> text.append(escapeProperty(key, true)).append('=')
                .append(escapeProperty(value, false)).append('\n'));
        try {
            Files.writeString(serverProperties, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + serverProperties, e);
        }
    }

    /** Escapes a key or value for {@link java.util.Properties#load(java.io.Reader)}. */
    private static String escapeProperty(String text, boolean isKey) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append(isKey ? "\\" + c : String.valueOf(c));
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private void writeLoggingConfig() throws IOException {
        String root = options.logLevel();
        boolean lifecycleAtInfo = root.equals("WARN") || root.equals("ERROR");
        StringBuilder xml = new StringBuilder();
        xml.append("<configuration>\n");
        xml.append("  <!-- Written by ").append(KafkaBroker.class.getName())
                .append(". stdout goes to broker.log. -->\n");
        xml.append("  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n");
        xml.append("    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n"
                + "</pattern></encoder>\n");
        xml.append("  </appender>\n");
        if (lifecycleAtInfo) {
            // Start, stop and recovery milestones stay visible at a quiet root level.
            for (String logger : List.of("kafka.server.KafkaRaftServer",
                    "kafka.server.BrokerServer", "kafka.server.ControllerServer", "dev.vigil")) {
                xml.append("  <logger name=\"").append(logger).append("\" level=\"INFO\"/>\n");
            }
        }
        xml.append("  <root level=\"").append(root).append("\"><appender-ref ref=\"OUT\"/></root>\n");
        xml.append("</configuration>\n");
        Files.writeString(loggingConfig, xml, StandardCharsets.UTF_8);
    }

    private void appendToLog(String message) {
        String line = "----- " + Instant.now() + " vigil testkit: " + message + " -----\n";
        try {
            Files.writeString(logFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Cannot write to {}: {}", logFile, e.toString());
        }
    }

    private KafkaBrokerException failure(String message, Throwable cause) {
        return new KafkaBrokerException(message + "\n----- last " + LOG_TAIL_LINES + " lines of "
                + logFile + " -----\n" + logTail(LOG_TAIL_LINES) + "----- end of broker log -----",
                cause);
    }

    /** The last lines of the broker log, each ending with a newline. */
    private String logTail(int lines) {
        long size = fileSize(logFile);
        String text = readLogFrom(Math.max(0, size - 256L * 1024));
        String[] all = text.split("\r?\n", -1);
        int end = all.length;
        if (end > 0 && all[end - 1].isEmpty()) {
            end--;
        }
        int from = Math.max(0, end - lines);
        // A cut through the middle of the file leaves a partial first line; skip it.
        if (from == 0 && size > 256L * 1024 && end > 1) {
            from = 1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = from; i < end; i++) {
            out.append(all[i]).append('\n');
        }
        return out.toString();
    }

    private String readLogFrom(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = Math.min(file.length() - offset, 4L * 1024 * 1024);
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) length];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")\n";
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete the broker data directory {}: {}", dir, e.toString());
        }
    }

    // ---------------------------------------------------------------- ports and java

    /**
     * Picks free loopback ports by binding port 0. All sockets are open at once, so the ports are
     * distinct; another process may still take one before the broker binds it, which
     * {@link #boot()} handles by retrying.
     */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(HOST, 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Nothing to do.
                }
            }
        }
    }

    private static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
                .startsWith("windows");
        Path fromHome = Path.of(System.getProperty("java.home"), "bin",
                windows ? "java.exe" : "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command()
                .orElseThrow(() -> new KafkaBrokerException("Cannot find the java binary: "
                        + fromHome + " is not executable"));
    }

    // ---------------------------------------------------------------- options

    /**
     * How to run a {@link KafkaBroker}. Start from {@link #defaults()} and use the {@code with...}
     * methods.
     *
     * @param dataDir               the data directory; {@code null} for a new temporary directory
     *                              that {@link KafkaBroker#close()} deletes. A given directory is
     *                              created if needed, reused if already formatted, never deleted
     * @param port                  the client (PLAINTEXT) port on 127.0.0.1; 0 picks a free port
     * @param heapMb                the broker JVM's maximum heap in megabytes
     * @param extraServerProperties broker properties written last, so they override the defaults
     * @param startTimeout          how long {@link KafkaBroker#start()} and
     *                              {@link KafkaBroker#restart()} wait for the broker
     * @param jvmArgs               extra arguments for the broker JVM, after the built-in ones
     * @param logLevel              the broker's root log level (TRACE, DEBUG, INFO, WARN, ERROR,
     *                              OFF); at WARN or ERROR, start and stop milestones are still
     *                              logged at INFO
     * @param jvmShutdownHook       whether the broker registers its own JVM shutdown hook (the
     *                              default). An application with its own shutdown path, which must
     *                              stop its clients before the broker, turns it off: two hooks run
     *                              concurrently, so the broker would vanish under those clients
     * @param saslSsl               the SCRAM user of an additional SASL_SSL listener, or
     *                              {@code null} for none (the default)
     */
    public record Options(Path dataDir, int port, long heapMb,
                          Map<String, String> extraServerProperties, Duration startTimeout,
                          List<String> jvmArgs, String logLevel, boolean jvmShutdownHook,
                          SaslSsl saslSsl) {

        /** Default maximum heap of the broker JVM. */
        public static final long DEFAULT_HEAP_MB = 512;
        /** Default time allowed for the broker to become ready. */
        public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
        /** Default root log level of the broker. */
        public static final String DEFAULT_LOG_LEVEL = "WARN";

        private static final Set<String> LEVELS =
                Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

        /**
         * Validates and copies the arguments; {@code null} for {@code extraServerProperties},
         * {@code startTimeout}, {@code jvmArgs} or {@code logLevel} means the default.
         *
         * @param dataDir               the data directory, or {@code null} for a temporary one
         * @param port                  the client port, or 0 for a free one
         * @param heapMb                the broker JVM's maximum heap in megabytes, at least 64
         * @param extraServerProperties broker properties that override the defaults
         * @param startTimeout          how long to wait for the broker to become ready
         * @param jvmArgs               extra arguments for the broker JVM
         * @param logLevel              the broker's root log level
         */
        /** As the canonical constructor, with the broker's own JVM shutdown hook. */
        public Options(Path dataDir, int port, long heapMb, Map<String, String> extraServerProperties,
                       Duration startTimeout, List<String> jvmArgs, String logLevel) {
            this(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs, logLevel, true);
        }

        /** As the canonical constructor, without a SASL_SSL listener. */
        public Options(Path dataDir, int port, long heapMb, Map<String, String> extraServerProperties,
                       Duration startTimeout, List<String> jvmArgs, String logLevel,
                       boolean jvmShutdownHook) {
            this(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs, logLevel,
                    jvmShutdownHook, null);
        }

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            if (heapMb < 64) {
                throw new IllegalArgumentException("heapMb must be at least 64: " + heapMb);
            }
            Map<String, String> extra = new LinkedHashMap<>();
            if (extraServerProperties != null) {
                extraServerProperties.forEach((key, value) -> extra.put(
                        Objects.requireNonNull(key, "property name"),
                        Objects.requireNonNull(value, () -> "value of property " + key)));
            }
            extraServerProperties = Collections.unmodifiableMap(extra);
            startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
            }
            jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
            logLevel = logLevel == null ? DEFAULT_LOG_LEVEL : logLevel.toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(logLevel)) {
                throw new IllegalArgumentException("logLevel must be one of " + LEVELS + ": "
                        + logLevel);
            }
        }

        /**
         * @return a temporary data directory, a free port, a 512 MB heap, no extra properties, a
         *         60 s start timeout, no extra JVM arguments and log level WARN
         */
        public static Options defaults() {
            return new Options(null, 0, DEFAULT_HEAP_MB, Map.of(), DEFAULT_START_TIMEOUT,
                    List.of(), DEFAULT_LOG_LEVEL, true, null);
        }

        /**
         * @param dataDir the data directory, or {@code null} for a temporary one
         * @return a copy with this data directory
         */
        public Options withDataDir(Path dataDir) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, saslSsl);
        }

        /**
         * @param port the client port, or 0 for a free one
         * @return a copy with this port
         */
        public Options withPort(int port) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, saslSsl);
        }

        /**
         * @param heapMb the maximum heap of the broker JVM in megabytes
         * @return a copy with this heap size
         */
        public Options withHeapMb(long heapMb) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, saslSsl);
        }

        /**
         * @param properties broker properties replacing the current extra properties
         * @return a copy with these extra properties
         */
        public Options withExtraServerProperties(Map<String, String> properties) {
            return new Options(dataDir, port, heapMb, properties, startTimeout, jvmArgs, logLevel,
                    jvmShutdownHook, saslSsl);
        }

        /**
         * @param name  a broker property name
         * @param value its value
         * @return a copy with this property added to (or replaced in) the extra properties
         */
        public Options withExtraServerProperty(String name, String value) {
            Map<String, String> properties = new LinkedHashMap<>(extraServerProperties);
            properties.put(name, value);
            return withExtraServerProperties(properties);
        }

        /**
         * @param startTimeout how long to wait for the broker to become ready
         * @return a copy with this timeout
         */
        public Options withStartTimeout(Duration startTimeout) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, saslSsl);
        }

        /**
         * @param jvmArgs extra arguments for the broker JVM
         * @return a copy with these JVM arguments
         */
        public Options withJvmArgs(List<String> jvmArgs) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, saslSsl);
        }

        /**
         * @param logLevel the broker's root log level
         * @return a copy with this log level
         */
        public Options withLogLevel(String logLevel) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, saslSsl);
        }

        /**
         * @return a copy that registers no JVM shutdown hook: the caller stops the broker itself
         *         ({@link KafkaBroker#close()}), in its own order. If the caller's JVM is killed, the
         *         broker still stops (its standard input closes)
         */
        public Options withoutJvmShutdownHook() {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, false, saslSsl);
        }

        /**
         * @param username the SCRAM-SHA-512 user the broker creates
         * @param password its password
         * @return a copy that also opens a SASL_SSL listener (SCRAM-SHA-512, a generated server
         *         certificate); see {@link KafkaBroker#saslSslClientProperties()}
         */
        public Options withSaslSsl(String username, String password) {
            return new Options(dataDir, port, heapMb, extraServerProperties, startTimeout, jvmArgs,
                    logLevel, jvmShutdownHook, new SaslSsl(username, password));
        }
    }

    /**
     * The SCRAM-SHA-512 user of a broker's SASL_SSL listener.
     *
     * @param username the user name
     * @param password its password
     */
    public record SaslSsl(String username, String password) {
        /** Rejects empty names and passwords. */
        public SaslSsl {
            if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("a SCRAM user needs a name and a password");
            }
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "SaslSsl[username=" + username + ", password=[hidden]]";
        }
    }
}
