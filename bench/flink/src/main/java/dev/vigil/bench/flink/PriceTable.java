package dev.vigil.bench.flink;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective model prices (Vigil's catalogue with {@code aggregates.model_prices} over it, as the driver passes
 * them: exact names only): USD per million uncached input, output and cached input tokens by model, for calls
 * without their own {@code cost_usd}. Parsed from {@code model=input:output:cached[,...]}.
 */
public final class PriceTable implements Serializable {
    private static final long serialVersionUID = 1L;
    private final TreeMap<String, double[]> prices = new TreeMap<>();

    /** @param spec e.g. {@code gpt-4o=2.5:10.0}; empty for no prices */
    public static PriceTable parse(String spec) {
        PriceTable t = new PriceTable();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String[] io = entry.substring(eq + 1).split(":");
            if (eq <= 0 || io.length != 3) {
                throw new IllegalArgumentException("a price is model=input_per_mtok:output_per_mtok:cached_input_per_mtok,"
                        + " not " + entry);
            }
            t.prices.put(entry.substring(0, eq).strip(), new double[] {Double.parseDouble(io[0]),
                Double.parseDouble(io[1]), Double.parseDouble(io[2])});
        }
        return t;
    }

    /**
     * {@code (input − cached) × input_per_mtok / 10⁶ + cached × cached_input_per_mtok / 10⁶ + output ×
     * output_per_mtok / 10⁶}, in that order (as Vigil computes it), or NaN when the model has no price.
     */
    public double cost(String model, long inputTokens, long cachedInputTokens, long outputTokens) {
        double[] p = prices.get(model);
        return p == null ? Double.NaN : (inputTokens - cachedInputTokens) * p[0] / 1e6 + cachedInputTokens * p[2] / 1e6
                + outputTokens * p[1] / 1e6;
    }

    public Map<String, double[]> asMap() {
        return prices;
    }
}
