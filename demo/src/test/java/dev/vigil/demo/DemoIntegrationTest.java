package dev.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.testkit.TestJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil demo} as a real process, stopped the way a person stops it: Ctrl-C (SIGINT). It
 * stops the simulator, then Vigil, then the broker, in under 10 s, and no warning reaches the
 * console: libraries' warnings are in the log file the demo names.
 */
class DemoIntegrationTest {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final long STOP_LIMIT_SECONDS = 10;
    private static final Pattern PROCESSING = Pattern.compile("RUNNING\\s+accepted\\s+([\\d,]+)");
    private static final Pattern STATUS_PAGE = Pattern.compile("Status page: (http://localhost:\\d+/)");
    private static final Pattern LOG_FILE = Pattern.compile("Logs, Kafka's included, go to (\\S+) ");
    /** A log line's level, as the text and JSON formats write it. */
    private static final Pattern WARNING = Pattern.compile("\\bWARN\\b");

    @TempDir
    Path dir;

    @Test
    void ctrlCStopsSimulatorThenVigilThenBrokerWithinTenSecondsAndNoWarningReachesTheConsole() throws Exception {
        Path console = dir.resolve("console.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // java.io.tmpdir: the demo's temporary data and log file land in this test's directory.
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + dir));
        command.addAll(TestJvm.args());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoMain.class.getName(), "demo",
                "--port", "0", "--rate", "50"));
        Process demo = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        try {
            await("the summary shows events processed").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> demo.isAlive() && acceptedSoFar(console) > 0 || !demo.isAlive());
            assertThat(demo.isAlive()).as("the demo runs; console:%n%s", read(console)).isTrue();
            String firstLine = read(console).lines().findFirst().orElse("");
            Matcher page = STATUS_PAGE.matcher(firstLine);
            assertThat(page.matches()).as("the first line names the status page: %s", firstLine).isTrue();
            HttpResponse<String> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(page.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).contains("<title>Vigil status</title>");
            List<ProcessHandle> broker = demo.descendants().toList();
            assertThat(broker).as("the broker JVM").isNotEmpty();

            long start = System.nanoTime();
            String signal = stopSignal();
            signal(signal, demo.pid());
            boolean exited = demo.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String text = read(console);
            assertThat(exited).as("exited within %d s of SIG%s; console:%n%s", STOP_LIMIT_SECONDS, signal, text).isTrue();
            System.out.printf("vigil demo stopped %d ms after SIG%s%n", millis, signal);
            assertThat(demo.exitValue()).as("the JVM's exit status after SIG%s", signal)
                    .isEqualTo(signal.equals("INT") ? 130 : 143);
            assertThat(broker).as("the broker JVM stopped").noneMatch(ProcessHandle::isAlive);

            assertThat(text.lines().filter(l -> WARNING.matcher(l).find()).toList()).as("warnings on the console").isEmpty();
            // One ordered path: simulator, then Vigil, then the broker, then the temporary data.
            int simulator = text.indexOf("Stopped the simulator in");
            int vigil = text.indexOf("Stopped Vigil (Kafka Streams) in");
            int kafka = text.indexOf("Stopped the Kafka broker in");
            int data = text.indexOf("Stopped; temporary data removed.");
            assertThat(simulator).as("console:%n%s", text).isPositive();
            assertThat(vigil).isGreaterThan(simulator);
            assertThat(kafka).isGreaterThan(vigil);
            assertThat(data).isGreaterThan(kafka);
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("vigil-demo-")))
                        .as("temporary data removed").isEmpty();
            }

            Matcher named = LOG_FILE.matcher(text);
            assertThat(named.find()).as("the console names the log file").isTrue();
            String log = Files.readString(Path.of(named.group(1)));
            // Kafka's warnings (state.dir in a temporary directory, at least) are there, not lost.
            assertThat(log).contains("Vigil started");
            assertThat(WARNING.matcher(log).find()).as("libraries' warnings in the log file").isTrue();
        } finally {
            demo.destroyForcibly();
        }
    }

    private static long acceptedSoFar(Path console) throws IOException {
        Matcher m = PROCESSING.matcher(read(console));
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1).replace(",", ""));
        }
        return last;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /**
     * INT, Ctrl-C's signal. But a process started in the background by a non-interactive shell
     * inherits SIGINT ignored, and the JVM then leaves it ignored (as background programs should);
     * the demo below this test would inherit that too. There the test sends TERM, which takes the same
     * single shutdown hook, and says so.
     */
    private static String stopSignal() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "INT";
        }
        boolean intIgnored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseUnsignedLong(l.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> (mask & (1L << (2 - 1))) != 0);
        if (intIgnored) {
            System.out.println("SIGINT is ignored in this process (started in the background), so in the demo too: "
                    + "sending SIGTERM, which runs the same shutdown hook");
            return "TERM";
        }
        return "INT";
    }

    /** The shell's kill builtin is always there; Process.destroy() could only send TERM. */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %d", signal, pid).isTrue();
    }
}
