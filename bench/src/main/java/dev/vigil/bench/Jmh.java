package dev.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of {@code dev.vigil.bench.jmh} with short defaults sized for a 2-core
 * machine: 1 fork, 3 warm-up iterations of 1 s, 5 measured iterations of 1 s, results also written
 * as JSON ({@code jmh-result.json} in the working directory). Every JMH command-line option works
 * and wins over these defaults, e.g. {@code -f 2 -wi 5 -i 10}, a benchmark regexp such as
 * {@code MetricsRender}, or {@code -p series=10000}; {@code -h} lists them.
 *
 * <pre>
 * java -cp bench/target/vigil-bench.jar dev.vigil.bench.Jmh [JMH options] [regexp...]
 * </pre>
 */
public final class Jmh {
    private Jmh() {
    }

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing the JMH command line: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cli.shouldHelp()) {
            cli.showHelp();
            return;
        }
        if (cli.shouldList()) {
            new Runner(cli).list();
            return;
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include("dev\\.vigil\\.bench\\.jmh\\..*");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        if (!cli.getJvmArgs().hasValue() && !cli.getJvmArgsAppend().hasValue()) {
            options.jvmArgsAppend("-Xmx2g", "-Xms2g");
        }
        if (!cli.getResultFormat().hasValue()) {
            options.resultFormat(ResultFormatType.JSON);
        }
        if (!cli.getResult().hasValue()) {
            options.result("jmh-result.json");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            System.err.println("No benchmark ran: check the regexp.");
            System.exit(1);
        }
        String result = cli.getResult().orElse("jmh-result.json");
        if (Files.exists(Path.of(result))) {
            System.out.println("JMH results (JSON): " + Path.of(result).toAbsolutePath());
        }
    }
}
