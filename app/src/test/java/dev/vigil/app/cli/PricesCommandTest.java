package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.PriceTable;
import dev.vigil.app.Main;
import dev.vigil.config.PriceCatalogue;
import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.TruthSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil prices}: the effective price table, and which entry a model name finds. */
class PricesCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedOut;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
    }

    @Test
    void printsEveryCatalogueModelAndTheConfiguredOnesOverIt() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), """
                aggregates:
                  model_prices:
                    gpt-4o: {input_per_mtok: 1.5, output_per_mtok: 6}
                    in-house-7b: {input_per_mtok: 0.05, output_per_mtok: 0.1, cached_input_per_mtok: 0.01}
                """);
        assertThat(Main.commandLine().execute("prices", file.toString())).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        PriceCatalogue catalogue = PriceCatalogue.standard();
        assertThat(printed).startsWith("# " + catalogue.entries().size() + " catalogue models (checked "
                + catalogue.oldestCheck() + " to ");
        assertThat(printed.lines().filter(l -> !l.startsWith("#")).skip(1).map(l -> l.split(" +")[0]))
                .as("one line per model: the configured ones, then the rest of the catalogue")
                .startsWith("gpt-4o", "in-house-7b")
                .containsAll(catalogue.entries().stream().map(PriceCatalogue.Entry::model).toList())
                .doesNotHaveDuplicates();
        assertThat(printed).containsPattern("(?m)^gpt-4o +1\\.5 +1\\.5 +6  configured$")
                .containsPattern("(?m)^in-house-7b +0\\.05 +0\\.01 +0\\.1  configured$");
    }

    @Test
    void saysWhichEntryEachModelNameFinds() {
        assertThat(Main.commandLine().execute("prices", "--model", "gpt-4o-2024-08-06", "--model", "no-such-model"))
                .isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("gpt-4o-2024-08-06: catalogue entry gpt-4o, input ")
                .contains("no-such-model: no price (counted in vigil_unpriced_calls_total, cost 0)");
    }

    /**
     * The simulator's truth writes down what Vigil's defaults price its models at; this keeps it equal to the
     * shipped catalogue, so that a catalogue update cannot silently make every exact broker test wrong.
     */
    @Test
    void theSimulatorsTruthPricesItsModelsAsTheDefaultsDo() {
        PriceTable defaults = AggregatesSettings.defaults().prices();
        assertThat(EventGenerator.modelNames()).allSatisfy(model -> {
            TruthSettings.ModelPrice truth = TruthSettings.DEFAULT_MODEL_PRICES.get(model);
            var resolved = defaults.resolve(model);
            assertThat(resolved.isPresent()).as("%s priced", model).isEqualTo(truth != null);
            resolved.ifPresent(r -> assertThat(new TruthSettings.ModelPrice(r.price().inputPerMtok(),
                    r.price().outputPerMtok(), r.price().effectiveCachedInputPerMtok())).as(model).isEqualTo(truth));
        });
    }
}
