package dev.vigil.bench.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The reliability driver ({@code bench/reliability}, RELIABILITY.md): each run damages a real
 * deployment on a local broker (SIGKILLs, lost state, hostile input, outages, a long soak) and ends
 * with an exact comparison against the simulator's truth and a {@code PASS}/{@code FAIL} line.
 * The headline figures go to {@code RELIABILITY.json}. Exit code 0 when every run passed.
 */
@Command(name = "bench/reliability", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Vigil reliability runs on a local broker (see RELIABILITY.md).")
public final class Reliability implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Reliability.class);

    /** Every run, in the order RELIABILITY.md lists them. */
    static final List<ReliabilityRun> RUNS = List.of(new ProcessorKillsRun(), new BrokerKillsRun(), new FailoverRun(),
            new LostStateRun(), new HostileInputRun(), new OutagesRun(), new SoakRun());

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Runs to do (processor-kills, broker-kills, failover, lost-state, hostile, outages, soak), or all.")
    List<String> runs = new ArrayList<>();

    @Option(names = "--ci", description = "The sized-down version ./mvnw verify runs (a few kills, a few thousand records).")
    boolean ci;

    @Option(names = "--seed", description = "Seed of everything random (default ${DEFAULT-VALUE}).")
    long seed = 20261206L;

    @Option(names = "--json", description = "Where the headline figures go (default ${DEFAULT-VALUE}; none with --ci).")
    Path json = Path.of("RELIABILITY.json");

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A run setting (RELIABILITY.md lists them), "
            + "e.g. --set static_membership=false.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", description = "Directory for brokers, state and logs (default: a temporary one, "
            + "deleted after a passing run, kept after a failing one).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Reliability()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<RunResult> results = runAll(selected(runs), context());
        boolean passed = results.stream().allMatch(RunResult::passed);
        if (!ci) {
            Map<String, Number> figures = new LinkedHashMap<>();
            results.forEach(r -> figures.putAll(r.figures()));
            ReliabilityJson.update(json, figures);
            LOG.info("headline figures written to {}", json.toAbsolutePath());
        }
        return passed ? 0 : 1;
    }

    private RunContext context() throws java.io.IOException {
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("vigil-reliability-");
        return new RunContext(dir, ci ? RunContext.Scale.CI : RunContext.Scale.FULL, seed, LOG::info, settings);
    }

    /** The runs named, in the driver's order; {@code all} names every one. */
    static List<ReliabilityRun> selected(List<String> names) {
        Map<String, ReliabilityRun> known = new LinkedHashMap<>();
        RUNS.forEach(r -> known.put(r.name(), r));
        if (names.contains("all")) {
            return RUNS;
        }
        for (String n : names) {
            if (!known.containsKey(n)) {
                throw new CommandLine.ParameterException(new CommandLine(new Reliability()),
                        "unknown run '" + n + "'; runs are " + String.join(", ", known.keySet()) + ", all");
            }
        }
        return RUNS.stream().filter(r -> names.contains(r.name())).toList();
    }

    /** Does each run in its own subdirectory; a run that throws fails with the exception as its violation. */
    static List<RunResult> runAll(List<ReliabilityRun> runs, RunContext context) {
        List<RunResult> results = new ArrayList<>();
        for (ReliabilityRun run : runs) {
            RunContext own = context.in(run.name());
            RunResult result;
            try {
                own.say("[%s] %s", run.name(), run.description());
                result = run.run(own);
            } catch (Exception | AssertionError e) {
                LOG.error("[{}] the run itself failed", run.name(), e);
                result = new RunResult(run.name(), false, "the run did not complete: " + e, Map.of(),
                        List.of(String.valueOf(e)));
            }
            result.violations().forEach(v -> LOG.warn("[{}] violation: {}", run.name(), v));
            LOG.info(result.verdictLine());
            results.add(result);
        }
        return results;
    }
}
