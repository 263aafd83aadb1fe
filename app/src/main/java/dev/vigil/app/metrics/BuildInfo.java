package dev.vigil.app.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code vigil_build_info{version, revision} 1}: which build is running, so that a dashboard or an
 * alert can tell instances of different releases apart. The values come from
 * {@code build-info.properties}, filled in by the build (Maven project version, git commit); a build
 * without git (a source tarball, the Docker context) reports the revision {@value #UNKNOWN}.
 */
public final class BuildInfo implements MultiCollector {
    static final String HELP = "The running build: Maven project version and git commit; the value is always 1.";
    static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "/dev/vigil/app/build-info.properties";

    private final String version;
    private final String revision;

    BuildInfo(String version, String revision) {
        this.version = orUnknown(version);
        // Whatever git printed that is not a commit id (an error, "HEAD" in a repository without commits).
        String commit = orUnknown(revision);
        this.revision = commit.matches("[0-9a-f]{7,40}") ? commit : UNKNOWN;
    }

    /** The build this class was built in. */
    public static BuildInfo ofThisBuild() {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(props.getProperty("version"), props.getProperty("revision"));
    }

    public String version() {
        return version;
    }

    public String revision() {
        return revision;
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(InfoSnapshot.builder()
                .name("vigil_build")
                .help(HELP)
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                        .labels(Labels.of("version", version, "revision", revision))
                        .build())
                .build());
    }

    /** Blank, or a ${...} the build could not fill in (no git), is unknown. */
    private static String orUnknown(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}
