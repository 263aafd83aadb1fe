package dev.vigil.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of an end-to-end run: measured figures (each positive when the run went well),
 * informational values (counts that may be zero, flags, settings) and the machine. Printed as a
 * table and written as JSON with the same rows.
 */
final class Report {
    /** One measured figure. {@code key} is {@code phase.name}, unique in a report. */
    record Figure(String phase, String name, double value, String unit) {
        String key() {
            return phase + "." + name;
        }
    }

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> info = new LinkedHashMap<>();
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();

    synchronized void figure(String phase, String name, double value, String unit) {
        figures.add(new Figure(phase, name, value, unit));
    }

    synchronized void info(String key, Object value) {
        info.put(key, value);
    }

    synchronized void machine(String key, Object value) {
        machine.put(key, value);
    }

    synchronized void setting(String key, Object value) {
        settings.put(key, value);
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    synchronized Map<String, Object> infoValues() {
        return new LinkedHashMap<>(info);
    }

    /** The figure of a phase and name, or NaN when there is none. */
    synchronized double value(String phase, String name) {
        return figures.stream().filter(f -> f.phase().equals(phase) && f.name().equals(name))
                .mapToDouble(Figure::value).findFirst().orElse(Double.NaN);
    }

    synchronized String table() {
        int phaseWidth = Math.max(5, figures.stream().mapToInt(f -> f.phase().length()).max().orElse(5));
        int nameWidth = Math.max(6, figures.stream().mapToInt(f -> f.name().length()).max().orElse(6));
        StringBuilder out = new StringBuilder();
        String format = "%-" + phaseWidth + "s  %-" + nameWidth + "s  %16s  %s%n";
        out.append(String.format(Locale.ROOT, format, "phase", "figure", "value", "unit"));
        out.append("-".repeat(phaseWidth + nameWidth + 30)).append('\n');
        for (Figure f : figures) {
            out.append(String.format(Locale.ROOT, format, f.phase(), f.name(), number(f.value()), f.unit()));
        }
        if (!info.isEmpty()) {
            out.append('\n');
            info.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        }
        return out.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double abs = Math.abs(v);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    synchronized void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine);
        root.put("settings", settings);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("phase", f.phase());
            row.put("figure", f.name());
            row.put("value", f.value());
            row.put("unit", f.unit());
            rows.add(row);
        }
        root.put("figures", rows);
        root.put("info", info);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), root);
    }
}
