package dev.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tracing settings each Vigil drain phase runs with ({@code --tracing-sample-rates}), in the
 * order given: {@code off} (tracing disabled, the phase's plain figures) or a sample rate in
 * [0, 1] (tracing on, exporting over OTLP/HTTP to an {@link OtlpSink} in this JVM). Without the
 * option, each phase drains once, untraced, as before.
 */
final class TracingRuns implements AutoCloseable {
    /** One drain's tracing: null rate = off. */
    record Rate(Double sampleRate) {
        boolean off() {
            return sampleRate == null;
        }

        /** Appended to the phase name in the report: {@code eos}, {@code eos_trace_0.01}. */
        String suffix() {
            return off() ? "" : "_trace_" + label();
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
        return new TracingRuns(List.of(new Rate(null)));
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
                rates.add(new Rate(null));
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
            rates.add(new Rate(rate));
        }
        if (rates.stream().noneMatch(Rate::off)) {
            throw new IllegalArgumentException("--tracing-sample-rates: include off, the untraced drain the traced "
                    + "ones are compared with");
        }
        if (rates.stream().distinct().count() != rates.size()) {
            throw new IllegalArgumentException("--tracing-sample-rates: a rate is listed twice");
        }
        return new TracingRuns(rates);
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
