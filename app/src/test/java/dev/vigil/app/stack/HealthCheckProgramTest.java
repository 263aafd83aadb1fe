package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/vigil/HealthCheck.java, compiled and run as the image runs it (its own JVM, class path of
 * one directory), against a real HTTP server: exit 0 on 2xx only.
 */
class HealthCheckProgramTest {
    @TempDir
    Path classes;

    private HttpServer server;

    @BeforeEach
    void compileAndServe() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-d", classes.toString(), StackFiles.HEALTH_CHECK.toString());
        assertThat(status).as("javac: " + errors.toString(StandardCharsets.UTF_8)).isZero();

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/readyz", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void exitsZeroWhenTheEndpointAnswers2xx() throws Exception {
        assertThat(run(url("/healthz"))).isZero();
    }

    @Test
    void exitsOneOnAnErrorStatus() throws Exception {
        assertThat(run(url("/readyz"))).isEqualTo(1);
    }

    @Test
    void exitsOneWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run("http://127.0.0.1:" + closedPort + "/healthz")).isEqualTo(1);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private int run(String url) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx16m", "-cp", classes.toString(), "HealthCheck", url)
                .redirectErrorStream(true).start();
        // Drained so the child never blocks on a full pipe; the exit status is what the test judges.
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("HealthCheck finished").isTrue();
        return process.exitValue();
    }
}
