package dev.vigil.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.PriceCatalogue;
import dev.vigil.config.VigilConfig.ModelPrice;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PriceTableTest {
    private static final PriceCatalogue CATALOGUE = PriceCatalogue.of(List.of(
            entry("gpt-4o", new ModelPrice(2.5, 10.0, 1.25), "gpt-4o-latest"),
            entry("gpt-4o-mini", new ModelPrice(0.15, 0.6, 0.075)),
            entry("claude-sonnet-4", new ModelPrice(3.0, 15.0, 0.3)),
            entry("mistral-small", new ModelPrice(0.1, 0.3))));

    private static PriceCatalogue.Entry entry(String model, ModelPrice price, String... aliases) {
        return new PriceCatalogue.Entry(model, "vendor", price, List.of(aliases), LocalDate.of(2026, 1, 1),
                "https://example.com/pricing", "");
    }

    private static final PriceTable TABLE = PriceTable.of(
            Map.of("claude-sonnet-4", new ModelPrice(2.0, 10.0), "in-house-7b", new ModelPrice(0.05, 0.05)), CATALOGUE);

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource({
            "gpt-4o, gpt-4o, CATALOGUE",
            "gpt-4o-latest, gpt-4o, CATALOGUE",
            "gpt-4o-2024-08-06, gpt-4o, CATALOGUE",
            "gpt-4o-mini, gpt-4o-mini, CATALOGUE",
            "gpt-4o-mini-2024-07-18, gpt-4o-mini, CATALOGUE",
            "claude-sonnet-4, claude-sonnet-4, CONFIGURED",
            "claude-sonnet-4-20250514, claude-sonnet-4, CONFIGURED",
            "claude-sonnet-4@20250514, claude-sonnet-4, CONFIGURED",
            "gpt-4o-0613, gpt-4o, CATALOGUE",
            "in-house-7b, in-house-7b, CONFIGURED",
    })
    void namesFindTheirEntry(String model, String entry, PriceTable.Origin origin) {
        PriceTable.Resolved r = TABLE.resolve(model).orElseThrow();
        assertThat(r.entry()).isEqualTo(entry);
        assertThat(r.origin()).isEqualTo(origin);
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o-audio-preview", "gpt-4", "gpt-4o-2024-08", "GPT-4O", "gpt-4o-12345",
            "mistral-small-latest", "unknown"})
    void nothingElseMatches(String model) {
        assertThat(TABLE.resolve(model)).isEmpty();
        assertThat(TABLE.cost(model, 1, 0, 1)).isEmpty();
    }

    @Test
    void aConfiguredEntryRepricesTheCatalogueModelAndItsAliases() {
        PriceTable t = PriceTable.of(Map.of("gpt-4o", new ModelPrice(1.0, 2.0)), CATALOGUE);
        assertThat(t.resolve("gpt-4o-latest").orElseThrow().price()).isEqualTo(new ModelPrice(1.0, 2.0));
        assertThat(t.resolve("gpt-4o-2024-08-06").orElseThrow().origin()).isEqualTo(PriceTable.Origin.CONFIGURED);
    }

    @Test
    void costPricesUncachedCachedAndOutputTokensEachAtTheirRate() {
        assertThat(TABLE.cost("gpt-4o", 1_000_000, 400_000, 100_000))
                .hasValue(600_000 * 2.5 / 1e6 + 400_000 * 1.25 / 1e6 + 100_000 * 10.0 / 1e6);
        assertThat(TABLE.cost("gpt-4o", 2_000, 0, 500)).hasValue(2_000 * 2.5 / 1e6 + 500 * 10.0 / 1e6);
        // An entry without a cached rate prices cached tokens as input.
        assertThat(TABLE.cost("mistral-small", 1_000_000, 1_000_000, 0)).hasValue(0.1);
        assertThat(TABLE.cost("in-house-7b", 1_000_000, 500_000, 0)).hasValue(0.05);
        assertThat(PriceTable.empty().cost("gpt-4o", 1, 0, 1)).isEmpty();
    }
}
