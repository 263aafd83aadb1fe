package dev.vigil.bench;

/**
 * What the scrape phase does besides its length and interval ({@link E2eOptions#scrapeDuration()},
 * {@link E2eOptions#scrapeInterval()}).
 *
 * @param series      Vigil series of its own the seed events create before the scrapes ({@link SeriesSeed})
 * @param loadRate    background load while scraping, records per second
 * @param loadRateCap at most this fraction of the drain rate measured in the same run ({@link LoadRate});
 *                    0 = no cap
 */
public record SeriesScrapeOptions(int series, double loadRate, double loadRateCap) {
    public SeriesScrapeOptions {
        if (series < 1) {
            throw new IllegalArgumentException("scrape series must be at least 1");
        }
        if (!(loadRate > 0)) {
            throw new IllegalArgumentException("scrape load rate must be positive");
        }
        if (!(loadRateCap >= 0)) {
            throw new IllegalArgumentException("scrape load rate cap must be >= 0");
        }
    }

    /** 10,000 series (issue 6), 20,000 records/s capped at half the drain rate, like the alert phase. */
    public static SeriesScrapeOptions defaults() {
        return new SeriesScrapeOptions(10_000, 20_000, 0.5);
    }
}
