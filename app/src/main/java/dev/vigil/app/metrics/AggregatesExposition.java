package dev.vigil.app.metrics;

import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
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

    static void writeFamily(MetricFamilySnapshot family, Format format, Bytes b) {
        List<MetricSample> samples = family.samples();
        List<Double> bounds = samples.get(0) instanceof MetricSample.HistogramValue first ? first.upperBounds() : List.of();
        FamilyWriter writer = new FamilyWriter(family.metric(), bounds, format);
        b.bytes(writer.header());
        for (MetricSample s : writer.inClientOrder(samples)) {
            writer.writeSample(s, b);
        }
    }

    /**
     * How one family is written in one format: its TYPE and HELP lines, made once, and the lines of
     * each sample. {@link AggregatesPage} keeps one per family and format across scrapes.
     */
    static final class FamilyWriter {
        private final Format format;
        private final byte[] header;
        private final byte[] name;
        private final Labels labels;
        private final boolean hasLabels;
        private final Histogram histogram;

        /**
         * @param bounds a histogram family's upper bounds (without +Inf), as its samples carry them;
         *               ignored for other types
         */
        FamilyWriter(Metric metric, List<Double> bounds, Format format) {
            this.format = format;
            String familyName = metric.familyName();
            MetricType.Exposition exposition = metric.type().exposition();
            String typed;
            String type;
            String sampleName;
            switch (exposition) {
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
            Bytes b = Bytes.standalone(256);
            if (format == Format.TEXT) {
                writeHelp(typed, metric.help(), false, b);
                b.ascii("# TYPE ").ascii(typed).ascii(" ").ascii(type).nl();
            } else {
                b.ascii("# TYPE ").ascii(typed).ascii(" ").ascii(type).nl();
                writeHelp(typed, metric.help(), true, b);
            }
            this.header = b.toByteArray();
            this.name = ascii(sampleName);
            this.labels = new Labels(metric.labelNames());
            this.hasLabels = !metric.labelNames().isEmpty();
            this.histogram = exposition == MetricType.Exposition.HISTOGRAM ? new Histogram(sampleName, bounds, hasLabels) : null;
        }

        /** The family's TYPE and HELP lines. */
        byte[] header() {
            return header;
        }

        /** The order the client writes samples in: label values taken in label-name order. */
        Comparator<List<String>> labelOrder() {
            return labels.valueOrder();
        }

        List<MetricSample> inClientOrder(List<MetricSample> samples) {
            return labels.inClientOrder(samples);
        }

        /** Writes the lines of one sample (a histogram's buckets, count and sum). */
        void writeSample(MetricSample s, Bytes b) {
            byte[] open = labels.open(s.labelValues());
            if (histogram != null) {
                histogram.write(open, (MetricSample.HistogramValue) s, b, format);
            } else {
                b.bytes(name).bytes(open).bytes(hasLabels ? CLOSE_SPACE : SPACE)
                        .number(((MetricSample.Value) s).value()).nl();
            }
        }
    }

    private static final byte[] SPACE = ascii(" ");
    private static final byte[] CLOSE_SPACE = ascii("} ");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The byte chunks every sample of one histogram family shares: the sample names and, per
     * bucket, {@code ,le="0.5"} followed by {@code "} } (or {@code {le=...} without other labels).
     */
    private static final class Histogram {
        private final byte[] bucket;
        private final byte[] count;
        private final byte[] sum;
        private final byte[][] le;
        private final byte[] afterLabels;

        Histogram(String name, List<Double> bounds, boolean hasLabels) {
            bucket = ascii(name + "_bucket");
            count = ascii(name + "_count");
            sum = ascii(name + "_sum");
            le = new byte[bounds.size() + 1][];
            String open = hasLabels ? ",le=\"" : "{le=\"";
            for (int i = 0; i < bounds.size(); i++) {
                le[i] = ascii(open + formatDouble(bounds.get(i)) + "\"} ");
            }
            le[bounds.size()] = ascii(open + "+Inf\"} ");
            afterLabels = hasLabels ? CLOSE_SPACE : SPACE;
        }

        void write(byte[] labels, MetricSample.HistogramValue h, Bytes b, Format format) {
            List<Long> counts = h.cumulativeCounts();
            for (int i = 0; i < counts.size(); i++) {
                b.bytes(bucket).bytes(labels).bytes(le[i]).integer(counts.get(i)).nl();
            }
            b.bytes(bucket).bytes(labels).bytes(le[counts.size()]).integer(h.count()).nl();
            // The client's model reads a NaN sum as "no sum": the text format then leaves out _sum,
            // OpenMetrics both _count and _sum (they come in pairs there).
            boolean hasSum = !Double.isNaN(h.sum());
            if (hasSum || format == Format.TEXT) {
                b.bytes(count).bytes(labels).bytes(afterLabels).integer(h.count()).nl();
            }
            if (hasSum) {
                b.bytes(sum).bytes(labels).bytes(afterLabels).number(h.sum()).nl();
            }
        }
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
            Comparator<List<String>> byValues = valueOrder();
            copy.sort((x, y) -> byValues.compare(x.labelValues(), y.labelValues()));
            return copy;
        }

        /** Label values (in catalogue order) compared in label-name order, as the client sorts samples. */
        Comparator<List<String>> valueOrder() {
            int[] o = order;
            return (x, y) -> {
                for (int i : o) {
                    int c = x.get(i).compareTo(y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            };
        }

        /**
         * {@code {a="x",b="y"} without the closing brace, as UTF-8 with values escaped; empty
         * without labels. Made once per sample, used by each of its lines.
         */
        byte[] open(List<String> values) {
            if (order.length == 0) {
                return EMPTY;
            }
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < order.length; i++) {
                sb.append(prefixes[i]);
                escape(values.get(order[i]), sb);
                sb.append('"');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Label values escape {@code \}, {@code "} and newline, in both formats. */
        private static void escape(String s, StringBuilder sb) {
            if (s.indexOf('\\') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
                sb.append(s);
                return;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /**
     * A growable byte buffer over the output stream: ASCII strings are copied char by char (no
     * encoder), anything else is encoded as UTF-8.
     */
    static final class Bytes {
        /** Null: a standalone buffer that grows and is read with {@link #toByteArray}. */
        private final OutputStream out;
        private byte[] buf;
        private int n;
        private IOException failure;

        Bytes(OutputStream out) {
            this.out = out;
            this.buf = new byte[1 << 16];
        }

        private Bytes(int capacity) {
            this.out = null;
            this.buf = new byte[capacity];
        }

        /** A buffer that keeps what is written (no stream): {@link #toByteArray}, {@link #reset}. */
        static Bytes standalone(int capacity) {
            return new Bytes(capacity);
        }

        /** The bytes written since the last {@link #reset} (standalone buffers only). */
        byte[] toByteArray() {
            return Arrays.copyOf(buf, n);
        }

        void reset() {
            n = 0;
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

        Bytes bytes(byte[] chunk) {
            ensure(chunk.length);
            System.arraycopy(chunk, 0, buf, n, chunk.length);
            n += chunk.length;
            return this;
        }

        /** A long in decimal, without the String {@link Long#toString} would make. */
        Bytes integer(long v) {
            if (v < 0 || v >= 1_000_000_000_000_000L) {
                return ascii(Long.toString(v));
            }
            ensure(19);
            if (v == 0) {
                buf[n++] = '0';
                return this;
            }
            int digits = 0;
            for (long x = v; x > 0; x /= 10) {
                digits++;
            }
            int end = n + digits;
            for (int i = end - 1; i >= n; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            n = end;
            return this;
        }

        /**
         * As {@link #formatDouble}: a whole number below 10^7 (most counters and gauges) is written
         * as its digits and {@code .0}, which is what {@link Double#toString} gives for it; anything
         * else (fractions, -0.0, NaN, infinities, large values in E notation) goes through it.
         */
        Bytes number(double d) {
            if (d > 0 && d < 1e7 && d == Math.rint(d)) {
                integer((long) d);
                ensure(2);
                buf[n++] = '.';
                buf[n++] = '0';
                return this;
            }
            return ascii(formatDouble(d));
        }

        Bytes nl() {
            ensure(1);
            buf[n++] = '\n';
            return this;
        }

        private void ensure(int more) {
            if (n + more > buf.length && out == null) {
                buf = Arrays.copyOf(buf, Math.max(n + more, buf.length * 2));
            } else if (n + more > buf.length) {
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
