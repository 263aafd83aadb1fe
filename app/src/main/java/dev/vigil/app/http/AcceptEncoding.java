package dev.vigil.app.http;

import java.util.Locale;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110, 12.5.3) for one question: may the response be
 * gzip-compressed? Prometheus asks with {@code Accept-Encoding: gzip}; a scrape of 10,000 series is
 * about 5 MB of text (MetricsRenderBenchmark's fixture), mostly repeated label names.
 *
 * <pre>{@code
 * AcceptEncoding.allowsGzip("gzip")                 // true
 * AcceptEncoding.allowsGzip("br;q=1.0, gzip;q=0.8") // true
 * AcceptEncoding.allowsGzip("*;q=0.5")              // true: any coding
 * AcceptEncoding.allowsGzip("gzip;q=0, *")          // false: gzip refused by name
 * AcceptEncoding.allowsGzip(null)                   // false: identity
 * }</pre>
 */
public final class AcceptEncoding {
    private AcceptEncoding() {
    }

    /**
     * True when the header names {@code gzip} (or {@code x-gzip}) with a non-zero quality, or
     * {@code *} with a non-zero quality without refusing gzip by name. Malformed entries are
     * ignored: the answer is then uncompressed, which every client can read.
     */
    static boolean allowsGzip(String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        Boolean byName = null;
        boolean byWildcard = false;
        for (String entry : header.split(",")) {
            String[] parts = entry.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                byName = quality > 0;
            } else if (coding.equals("*")) {
                byWildcard = quality > 0;
            }
        }
        return byName != null ? byName : byWildcard;
    }

    /** The entry's {@code q} parameter; 1 when absent, 0 when unreadable (so a broken entry allows nothing). */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(parameter.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /**
     * A gzip stream at {@link java.util.zip.Deflater#BEST_SPEED}: at 10,000 series (5 MB of text) the
     * default level cost more CPU than the render itself (MetricsRenderBenchmark, 10 iterations: render
     * 23.4 ms, with default gzip 59.3 ms, with this 33.1 ms).
     */
    public static java.util.zip.GZIPOutputStream fastGzip(java.io.OutputStream out) throws java.io.IOException {
        return new java.util.zip.GZIPOutputStream(out, 8 * 1024) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        };
    }
}
