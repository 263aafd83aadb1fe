package dev.vigil.app.cli;

import dev.vigil.aggregates.PriceTable;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.PriceCatalogue;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.TopologySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil prices [FILE] [--model NAME ...]}: the effective price table, the shipped catalogue
 * with the configuration's {@code aggregates.model_prices} over it, one model per line with where its
 * price comes from; with {@code --model}, which entry each name finds (docs/metrics.md, Cost).
 */
@Command(name = "prices", mixinStandardHelpOptions = true,
        description = "Print the effective model prices (USD per million tokens): Vigil's price catalogue with the "
                + "configuration's aggregates.model_prices over it.")
public final class PricesCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the YAML configuration file (default: none, the defaults with VIGIL_* overrides)")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "show which entry this model name is priced by "
            + "(repeatable)")
    List<String> models = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        VigilConfig config;
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        PriceTable table = TopologySettings.from(config).aggregates().prices();
        if (!models.isEmpty()) {
            for (String model : models) {
                Optional<PriceTable.Resolved> r = table.resolve(model);
                out.println(r.map(resolved -> String.format(Locale.ROOT, "%s: %s entry %s, %s", model,
                                resolved.origin() == PriceTable.Origin.CONFIGURED ? "configured" : "catalogue",
                                resolved.entry(), prices(resolved.price())))
                        .orElse(model + ": no price (counted in vigil_unpriced_calls_total, cost 0)"));
            }
            return 0;
        }
        PriceCatalogue catalogue = PriceCatalogue.standard();
        out.printf(Locale.ROOT, "# %d catalogue models (checked %s to %s), %d configured (aggregates.model_prices)%n",
                catalogue.entries().size(), catalogue.oldestCheck(),
                catalogue.entries().stream().map(PriceCatalogue.Entry::checked).max(java.time.LocalDate::compareTo)
                        .orElse(null), table.configured().size());
        out.printf(Locale.ROOT, "%-28s %10s %10s %10s  %s%n", "model", "input", "cached_in", "output", "from");
        Map<String, String> lines = new LinkedHashMap<>();
        table.configured().forEach((name, price) -> lines.put(name, line(name, price, "configured")));
        for (PriceCatalogue.Entry e : catalogue.entries()) {
            if (!table.configured().containsKey(e.model())) {
                lines.put(e.model(), line(e.model(), e.price(), e.vendor() + ", checked " + e.checked()
                        + (e.aliases().isEmpty() ? "" : ", aliases " + String.join(" ", e.aliases()))));
            }
        }
        lines.values().forEach(out::println);
        return 0;
    }

    private static String line(String model, VigilConfig.ModelPrice p, String from) {
        return String.format(Locale.ROOT, "%-28s %10s %10s %10s  %s", model, number(p.inputPerMtok()),
                number(p.effectiveCachedInputPerMtok()), number(p.outputPerMtok()), from);
    }

    private static String prices(VigilConfig.ModelPrice p) {
        return "input " + number(p.inputPerMtok()) + ", cached input " + number(p.effectiveCachedInputPerMtok())
                + ", output " + number(p.outputPerMtok()) + " USD per million tokens";
    }

    private static String number(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
