package dev.vigil.config;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean": the closest candidate by a cheap edit distance, if it is close enough. The one suggestion
 * algorithm of Vigil's configuration, also used by the alerting module for the values it gives meaning to
 * (rule kinds, metric names).
 */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate equal to {@code word} but for case, {@code _} and {@code -} ({@code bootstrapServers},
     * {@code bootstrap-servers}), else the one at the smallest edit distance within a third of the word's length
     * (at least 1, at most 3); null when none is close.
     */
    public static String closest(String word, Collection<String> candidates) {
        String normalized = normalize(word);
        for (String c : candidates) {
            if (normalize(c).equals(normalized)) {
                return c;
            }
        }
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code " (did you mean x?)"} for the {@link #closest} candidate, else {@code ""}. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String close = closest(word, candidates);
        return close == null ? "" : " (did you mean " + close + "?)";
    }

    static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours (kafak → kafka: 1). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
