package dev.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tracing settings each Vigil drain phase runs with ({@code --tracing-sample-rates}), in the
 * order given: {@code off} (tracing disabled, the phase's plain figures) or a sample rate in
 * [0, 1] (tracing on, exporting over OTLP/HTTP to an {@link OtlpSink} in this JVM). Without the
 * option, each phase drains once, untraced, as before. A setting listed again is drained again
 * (e.g. {@code off,1.0,0.01,0.01,1.0,off} balances warm-up and drift over the run).
 */
final class TracingRuns implements AutoCloseable {
    /** One drain's tracing: null rate = off; {@code run} counts the drains of the same setting from 1. */
    record Rate(Double sampleRate, int run) {
        boolean off() {
            return sampleRate == null;
        }

        /**
         * Appended to the phase name in the report: {@code eos}, {@code eos_trace_0.01}; a repeated
         * setting's later drains {@code eos_off_run2}, {@code eos_trace_0.01_run2}.
         */
        String suffix() {
            String again = run == 1 ? "" : "_run" + run;
            return off() ? (run == 1 ? "" : "_off" + again) : "_trace_" + label() + again;
        }

        String label() {
            return off() ? "off" : Double.toString(sampleRate);
        }

        /** The {@code observability} YAML of a drain at this rate, exporting to {@code endpoint}. */
        String yaml(String endpoint) {
            if (off()) {
                return "";
            }
            return "observability:\n  tracing:\n    enabled: true\n    exporter: otlp\n    endpoint: \"" + endpoint
                    + "\"\n    sample_rate: " + label() + "\n";
        }
    }

    private final List<Rate> rates;
    private OtlpSink sink;

    private TracingRuns(List<Rate> rates) {
        this.rates = List.copyOf(rates);
    }

    /** No option: one untraced drain per phase. */
    static TracingRuns none() {
        return new TracingRuns(List.of(new Rate(null, 1)));
    }

    /** @param values {@code off} or numbers in [0, 1], e.g. {@code [off, 1.0, 0.01]}; must include off */
    static TracingRuns parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return none();
        }
        List<Rate> rates = new ArrayList<>();
        for (String v : values) {
            String s = v.strip().toLowerCase(Locale.ROOT);
            if (s.equals("off")) {
                rates.add(new Rate(null, runs(rates, null)));
                continue;
            }
            double rate;
            try {
                rate = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tracing-sample-rates: '" + v + "' is neither off nor a number");
            }
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("--tracing-sample-rates: " + v + " is not within [0, 1]");
            }
            rates.add(new Rate(rate, runs(rates, rate)));
        }
        if (rates.stream().noneMatch(Rate::off)) {
            throw new IllegalArgumentException("--tracing-sample-rates: include off, the untraced drain the traced "
                    + "ones are compared with");
        }
        return new TracingRuns(rates);
    }

    /** The run number of one more drain at {@code rate}: a setting may be listed again to repeat it. */
    private static int runs(List<Rate> before, Double rate) {
        return 1 + (int) before.stream().filter(r -> java.util.Objects.equals(r.sampleRate(), rate)).count();
    }

    List<Rate> rates() {
        return rates;
    }

    /** The sink traced drains export to, started on first use. */
    OtlpSink sink() {
        if (sink == null) {
            sink = OtlpSink.start();
        }
        return sink;
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }
}
