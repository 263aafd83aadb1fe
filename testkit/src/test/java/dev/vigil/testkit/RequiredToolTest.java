package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Found on the PATH; else skipped with the Debian package named, or failed where tools are required. */
class RequiredToolTest {
    @TempDir
    Path dir;

    @Test
    void findsAnExecutableOnThePathAndIgnoresAFileThatIsNotExecutable() throws IOException {
        Path notExecutable = Files.createDirectory(dir.resolve("a"));
        Files.writeString(notExecutable.resolve("promtool"), "");
        Path bin = Files.createDirectory(dir.resolve("b"));
        Path promtool = executable(bin.resolve("promtool"));

        Path found = RequiredTool.PROMTOOL.path(env(notExecutable + File.pathSeparator + bin, null), null);
        assertThat(found).isEqualTo(promtool);
    }

    @Test
    void aMissingToolSkipsTheTestNamingItsDebianPackage() {
        assertThatThrownBy(() -> RequiredTool.KCAT.path(env(dir.toString(), null), null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("kcat is not on the PATH").hasMessageContaining("apt-get install kcat");
        assertThatThrownBy(() -> RequiredTool.PROMETHEUS.path(env(dir.toString(), "false"), "false"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("apt-get install prometheus");
    }

    @Test
    void aMissingToolFailsTheTestOnCiOrWhenRequired() {
        assertThatThrownBy(() -> RequiredTool.PROMTOOL.path(env(dir.toString(), "true"), null))
                .isInstanceOf(AssertionError.class).hasMessageContaining("apt-get install prometheus");
        assertThatThrownBy(() -> RequiredTool.PROMTOOL.path(env(dir.toString(), null), "true"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("vigil.requireTools");
    }

    @Test
    void aToolThatIsNoDebianPackageSaysWhereItComesFrom() {
        assertThatThrownBy(() -> RequiredTool.KUBECTL.path(env(dir.toString(), null), null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("kubectl is not on the PATH (not a Debian package: it comes with the machine image")
                .hasMessageNotContaining("apt-get");
        assertThatThrownBy(() -> RequiredTool.KUBECTL.path(env(dir.toString(), "true"), null))
                .isInstanceOf(AssertionError.class).hasMessageContaining("kubectl is not on the PATH");
    }

    @Test
    void somethingElseMissingIsSkippedOrFailedByTheSameRule() {
        String what = "no python3 imports pytest (Debian package python3-pytest: apt-get install python3-pytest)";
        assertThatThrownBy(() -> RequiredTool.missing(what, env(dir.toString(), null), null))
                .isInstanceOf(TestAbortedException.class).hasMessage("skipped: " + what);
        assertThatThrownBy(() -> RequiredTool.missing(what, env(dir.toString(), "true"), null))
                .isInstanceOf(AssertionError.class).hasMessageStartingWith(what + "; tools are required here");
        assertThatThrownBy(() -> RequiredTool.missing(what, env(dir.toString(), null), "true"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("vigil.requireTools");
        assertThat(RequiredTool.required(env(dir.toString(), null), null)).isFalse();
        assertThat(RequiredTool.required(env(dir.toString(), "TRUE"), null)).isTrue();
        assertThat(RequiredTool.required(env(dir.toString(), "false"), "true")).isTrue();
    }

    @Test
    void noPathAtAllIsAMissingTool() {
        assertThatThrownBy(() -> RequiredTool.KCAT.path(new HashMap<>(), null)).isInstanceOf(TestAbortedException.class);
    }

    private static Map<String, String> env(String path, String ci) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path);
        if (ci != null) {
            env.put("CI", ci);
        }
        return env;
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
