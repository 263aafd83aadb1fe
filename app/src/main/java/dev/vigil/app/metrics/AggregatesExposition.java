package dev.vigil.app.metrics;

import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.aggregates.metric.Metric;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the aggregates' metric families straight to bytes, in the Prometheus text format 0.0.4 or
 * OpenMetrics 1.0.0, byte for byte as the Prometheus client's writers write the same families
 * ({@code AggregatesExpositionTest} compares them), without building the client's snapshot model.
 *
 * <pre>{@code
 * AggregatesExposition.write(collector.families(), AggregatesExposition.Format.OPENMETRICS, out);
 * writer.write(out, registry.scrape(name -> !AggregatesExposition.covers(name)));  // the rest of the page
 * }</pre>
 *
 * <p>Why: at 10,000 series a scrape spent about 80 % of its time converting the families to the
 * client's model and in its text writer (a {@code Writer} over UTF-8, label sorting and escaping
 * per sample; BENCHMARKS.md, JMH {@code MetricsRenderBenchmark}). Here the label order of a family
 * is sorted once, sample names and label prefixes are ASCII bytes made once per family, and only
 * label values and numbers are encoded per sample. OpenMetrics' {@code # EOF} is not written: the
 * rest of the page follows.
 */
public final class AggregatesExposition {
    /** The two text formats a scraper may ask for. */
    public enum Format {
        /** {@code text/plain; version=0.0.4}: HELP before TYPE, counters typed under their {@code _total} name. */
        TEXT,
        /** {@code application/openmetrics-text; version=1.0.0}: TYPE before HELP, counters typed under the family name. */
        OPENMETRICS
    }

    /** Every name a catalogue family may be asked for by: family, sample and metadata names. */
    private static final Set<String> NAMES = names();

    private AggregatesExposition() {
    }

    /**
     * Whether {@code name} belongs to a family this writer writes (a catalogue metric), so that a
     * registry scrape filtered by it leaves those families out, and does not collect them at all.
     */
    public static boolean covers(String name) {
        return NAMES.contains(name);
    }

    /** The catalogue's family names, as a collector of them declares them to the registry. */
    public static List<String> familyNames() {
        return Arrays.stream(Metric.values()).map(Metric::familyName).distinct().toList();
    }

    private static Set<String> names() {
        Set<String> names = new HashSet<>();
        for (Metric m : Metric.values()) {
            for (String suffix : List.of("", "_total", "_created", "_bucket", "_count", "_sum")) {
                names.add(m.familyName() + suffix);
            }
            names.add(m.metricName());
        }
        return Set.copyOf(names);
    }

    /** Writes every family that has samples, in the given order. */
    public static void write(List<MetricFamilySnapshot> families, Format format, OutputStream out)
            throws IOException {
        Bytes b = new Bytes(out);
        for (MetricFamilySnapshot family : families) {
            if (!family.samples().isEmpty()) {
                writeFamily(family, format, b);
            }
        }
        b.finish();
    }

    private static void writeFamily(MetricFamilySnapshot family, Format format, Bytes b) {
        String familyName = family.familyName();
        String typed;
        String type;
        String sampleName;
        switch (family.type()) {
            case COUNTER -> {
                typed = format == Format.TEXT ? familyName + "_total" : familyName;
                type = "counter";
                sampleName = familyName + "_total";
            }
            case HISTOGRAM -> {
                typed = familyName;
                type = "histogram";
                sampleName = familyName;
            }
            default -> {
                typed = familyName;
                type = "gauge";
                sampleName = familyName;
            }
        }
        if (format == Format.TEXT) {
            writeHelp(typed, family.help(), false, b);
            b.ascii("# TYPE ").ascii(typed).ascii(" ").ascii(type).nl();
        } else {
            b.ascii("# TYPE ").ascii(typed).ascii(" ").ascii(type).nl();
            writeHelp(typed, family.help(), true, b);
        }
        Labels labels = new Labels(family.labelNames());
        List<MetricSample> samples = labels.inClientOrder(family.samples());
        if (samples.get(0) instanceof MetricSample.HistogramValue first) {
            String[] le = leValues(first.upperBounds());
            for (MetricSample s : samples) {
                writeHistogram(sampleName, labels, (MetricSample.HistogramValue) s, le, b, format);
            }
        } else {
            for (MetricSample s : samples) {
                b.ascii(sampleName);
                labels.write(s.labelValues(), null, null, b);
                b.ascii(" ").number(((MetricSample.Value) s).value()).nl();
            }
        }
    }

    private static void writeHistogram(String name, Labels labels, MetricSample.HistogramValue h, String[] le,
                                       Bytes b, Format format) {
        String bucket = name + "_bucket";
        List<Long> counts = h.cumulativeCounts();
        for (int i = 0; i < counts.size(); i++) {
            b.ascii(bucket);
            labels.write(h.labelValues(), "le", le[i], b);
            b.ascii(" ").ascii(Long.toString(counts.get(i))).nl();
        }
        b.ascii(bucket);
        labels.write(h.labelValues(), "le", "+Inf", b);
        b.ascii(" ").ascii(Long.toString(h.count())).nl();
        // The client's model reads a NaN sum as "no sum": the text format then leaves out _sum,
        // OpenMetrics both _count and _sum (they come in pairs there).
        boolean hasSum = !Double.isNaN(h.sum());
        if (hasSum || format == Format.TEXT) {
            b.ascii(name).ascii("_count");
            labels.write(h.labelValues(), null, null, b);
            b.ascii(" ").ascii(Long.toString(h.count())).nl();
        }
        if (hasSum) {
            b.ascii(name).ascii("_sum");
            labels.write(h.labelValues(), null, null, b);
            b.ascii(" ").number(h.sum()).nl();
        }
    }

    private static String[] leValues(List<Double> bounds) {
        String[] le = new String[bounds.size()];
        for (int i = 0; i < le.length; i++) {
            le[i] = formatDouble(bounds.get(i));
        }
        return le;
    }

    private static void writeHelp(String name, String help, boolean escapeQuotes, Bytes b) {
        if (help == null || help.isEmpty()) {
            return;
        }
        b.ascii("# HELP ").ascii(name).ascii(" ");
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                b.ascii("\\\\");
            } else if (c == '\n') {
                b.ascii("\\n");
            } else if (c == '"' && escapeQuotes) {
                b.ascii("\\\"");
            } else {
                b.utf8(String.valueOf(c));
            }
        }
        b.nl();
    }

    /** As the client writes a double: {@code +Inf}, {@code -Inf}, else {@link Double#toString}. */
    static String formatDouble(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(d);
    }

    /**
     * A family's label names in the order the client writes them (sorted by name), with the prefix
     * {@code {name="} or {@code ,name="} of each made once.
     */
    private static final class Labels {
        private final int[] order;
        private final String[] prefixes;

        Labels(List<String> names) {
            Integer[] idx = new Integer[names.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (x, y) -> names.get(x).compareTo(names.get(y)));
            order = new int[idx.length];
            prefixes = new String[idx.length];
            for (int i = 0; i < idx.length; i++) {
                order[i] = idx[i];
                prefixes[i] = (i == 0 ? "{" : ",") + names.get(idx[i]) + "=\"";
            }
        }

        /**
         * The samples in the client's order: by label values taken in label-name order. The
         * snapshot sorts them in catalogue label order, so this re-sorts only families whose two
         * orders differ.
         */
        List<MetricSample> inClientOrder(List<MetricSample> samples) {
            boolean sorted = true;
            for (int i = 0; i < order.length; i++) {
                sorted &= order[i] == i;
            }
            if (sorted) {
                return samples;
            }
            List<MetricSample> copy = new java.util.ArrayList<>(samples);
            copy.sort((x, y) -> {
                for (int i : order) {
                    int c = x.labelValues().get(i).compareTo(y.labelValues().get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            });
            return copy;
        }

        void write(List<String> values, String extraName, String extraValue, Bytes b) {
            if (order.length == 0 && extraName == null) {
                return;
            }
            for (int i = 0; i < order.length; i++) {
                b.ascii(prefixes[i]).escaped(values.get(order[i])).ascii("\"");
            }
            if (extraName != null) {
                b.ascii(order.length == 0 ? "{" : ",").ascii(extraName).ascii("=\"").ascii(extraValue).ascii("\"");
            }
            b.ascii("}");
        }
    }

    /**
     * A growable byte buffer over the output stream: ASCII strings are copied char by char (no
     * encoder), anything else is encoded as UTF-8.
     */
    private static final class Bytes {
        private final OutputStream out;
        private byte[] buf = new byte[1 << 16];
        private int n;
        private IOException failure;

        Bytes(OutputStream out) {
            this.out = out;
        }

        Bytes ascii(String s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    // Not ASCII after all: write what was copied, encode the rest.
                    return utf8(s.substring(i));
                }
                buf[n++] = (byte) c;
            }
            return this;
        }

        Bytes utf8(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, n, bytes.length);
            n += bytes.length;
            return this;
        }

        /** A label value with {@code \}, {@code "} and newline escaped, as both formats want. */
        Bytes escaped(String s) {
            if (s.indexOf('\\') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
                return ascii(s);
            }
            StringBuilder sb = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            return ascii(sb.toString());
        }

        Bytes number(double d) {
            return ascii(formatDouble(d));
        }

        Bytes nl() {
            ensure(1);
            buf[n++] = '\n';
            return this;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                flush();
                if (more > buf.length) {
                    buf = new byte[Math.max(more, buf.length * 2)];
                }
            }
        }

        /** Hands the bytes so far to the stream; its first failure is kept and thrown by {@link #finish}. */
        void flush() {
            if (failure == null) {
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    failure = e;
                }
            }
            n = 0;
        }

        void finish() throws IOException {
            flush();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
