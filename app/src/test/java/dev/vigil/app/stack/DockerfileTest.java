package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile: a multi-stage build with the project's Maven wrapper, a pinned JRE 17 runtime,
 * a non-root user and a health check on /healthz at the port of the image's configuration. Read as
 * text: there is no Docker engine here to build it (the README's closing note says so).
 */
class DockerfileTest {
    private final String dockerfile = StackFiles.text(StackFiles.DOCKERFILE);
    private final List<String> instructions = dockerfile.replace("\\\n", " ").lines()
            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

    @Test
    void buildsTheShadedJarWithTheWrapperInOneStageAndRunsItOnAPinnedJre17() {
        List<String> from = instructions.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jdk-\\w+ AS build");
        assertThat(from.get(1)).matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-\\w+");
        assertThat(dockerfile).contains("./mvnw -B -q -pl app -am package -DskipTests -DskipITs")
                .contains("cp app/target/vigil.jar /vigil.jar")
                .contains("COPY --from=build /vigil.jar /opt/vigil/vigil.jar");
    }

    @Test
    void runsAsANonRootUser() {
        String user = instructions.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).doesNotContain("root").doesNotMatch("USER 0(:.*)?");
        int lastUser = instructions.lastIndexOf(user);
        assertThat(instructions.subList(lastUser, instructions.size()))
                .as("nothing runs as root after USER").noneMatch(l -> l.startsWith("RUN "));
    }

    @Test
    void checksHealthOnHealthzAtThePortItExposesAndIsConfiguredWith() {
        int port = ConfigLoader.load(StackFiles.VIGIL_CONFIG, Map.of()).observability().metrics().prometheusPort();
        assertThat(instructions).contains("EXPOSE " + port);
        String healthcheck = instructions.stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        assertThat(healthcheck).contains("\"HealthCheck\"", "\"http://127.0.0.1:" + port + "/healthz\"");
        // The program the check runs is compiled in the build stage from the file HealthCheckProgramTest runs.
        assertThat(dockerfile).contains("javac -d /healthcheck docker/vigil/HealthCheck.java")
                .contains("COPY --from=build /healthcheck /opt/vigil/healthcheck");
        assertThat(healthcheck).contains("\"-cp\", \"/opt/vigil/healthcheck\"");
    }

    @Test
    void startsVigilRunWithTheConfigurationFileAsPidOne() {
        Matcher entrypoint = Pattern.compile("ENTRYPOINT \\[\"sh\", \"-c\", \"exec java .*-jar /opt/vigil/vigil.jar")
                .matcher(dockerfile);
        assertThat(entrypoint.find()).as("ENTRYPOINT execs java (signals reach the JVM)").isTrue();
        assertThat(instructions).contains("CMD [\"run\", \"--config\", \"/etc/vigil/vigil.yaml\"]")
                .contains("COPY docker/vigil/vigil.yaml /etc/vigil/vigil.yaml");
    }

    @Test
    void limitsMallocArenasInTheRuntimeStage() {
        int runtime = instructions.lastIndexOf(instructions.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b)
                .orElseThrow());
        assertThat(instructions.subList(runtime, instructions.size())).contains("ENV MALLOC_ARENA_MAX=2");
    }
}
