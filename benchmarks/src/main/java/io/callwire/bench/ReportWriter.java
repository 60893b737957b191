package io.callwire.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Writes a scenario's {@code <scenario>.json}, {@code <scenario>.md} and {@code <scenario>-latency.svg}
 * under the results directory, and rewrites {@code summary.json}: the figures of every scenario,
 * this run's replacing the previous run's of the same scenario.
 */
public final class ReportWriter {

    /**
     * When and where a run took place.
     *
     * @param speedReference the machine's {@link SpeedReference} before the scenario: ES256 signatures per second on every core
     */
    public record Conditions(String commit, Machine machine, String at, String loadBefore, String loadAfter, double speedReference,
                             boolean smoke) {
    }

    private final Path directory;

    public ReportWriter(Path directory) {
        this.directory = directory;
    }

    public void write(ScenarioResult result, Conditions conditions) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(result.scenario + ".json"), json(result, conditions).encodePrettily() + "\n",
                StandardCharsets.UTF_8);
        if (result.chart) {
            Files.writeString(directory.resolve(result.scenario + "-latency.svg"),
                    SvgChart.render(result.title + " — latency against offered rate",
                            result.rows.stream().filter(row -> !result.unchartedSeries.contains(row.series())).toList()), StandardCharsets.UTF_8);
        }
        Files.writeString(directory.resolve(result.scenario + ".md"), markdown(result, conditions), StandardCharsets.UTF_8);
        Path summary = directory.resolve("summary.json");
        JsonArray previous = Files.exists(summary) ? new JsonArray(Files.readString(summary)) : new JsonArray();
        Files.writeString(summary, summary(previous, result, conditions).encodePrettily() + "\n", StandardCharsets.UTF_8);
    }

    static JsonObject json(ScenarioResult result, Conditions conditions) {
        JsonArray rows = new JsonArray();
        for (Row row : result.rows) {
            rows.add(new JsonObject().put("target", row.target()).put("series", row.series()).put("offered", number(row.offered()))
                    .put("achieved", number(row.achieved())).put("count", row.count()).put("p50Ms", number(row.p50()))
                    .put("p95Ms", number(row.p95())).put("p99Ms", number(row.p99())).put("p999Ms", number(row.p999()))
                    .put("maxMs", number(row.max())).put("note", row.note()));
            if (!row.cpuMicros().isEmpty()) {
                JsonObject cpu = new JsonObject();
                row.cpuMicros().forEach((part, micros) -> cpu.put(part, number(micros)));
                rows.getJsonObject(rows.size() - 1).put("cpuPerOperationMicros", cpu);
            }
        }
        JsonArray figures = new JsonArray();
        result.figures.forEach(figure -> figures.add(figure(figure, conditions)));
        return new JsonObject().put("scenario", result.scenario).put("title", result.title)
                .put("smoke", conditions.smoke()).put("commit", conditions.commit()).put("at", conditions.at())
                .put("machine", new JsonObject().put("cores", conditions.machine().cores()).put("memoryMiB", conditions.machine().memoryMiB())
                        .put("java", conditions.machine().java()).put("os", conditions.machine().os())
                        .put("loadAverageBefore", conditions.loadBefore()).put("loadAverageAfter", conditions.loadAfter())
                        .put("speedReferenceSignaturesPerSecond", number(conditions.speedReference())))
                .put("rows", rows).put("figures", figures).put("notes", new JsonArray(new ArrayList<>(result.notes)))
                .mergeIn(tables(result));
    }

    /** Each extra table under its key: a list of objects, one per row, by column name. */
    private static JsonObject tables(ScenarioResult result) {
        JsonObject tables = new JsonObject();
        for (ScenarioResult.Table table : result.tables) {
            JsonArray rows = new JsonArray();
            for (List<Object> cells : table.rows()) {
                JsonObject row = new JsonObject();
                for (int i = 0; i < table.columns().size() && i < cells.size(); i++) {
                    Object cell = cells.get(i);
                    row.put(table.columns().get(i), cell instanceof Double d ? number(d) : cell);
                }
                rows.add(row);
            }
            tables.put(table.key(), rows);
        }
        return tables;
    }

    static JsonArray summary(JsonArray previous, ScenarioResult result, Conditions conditions) {
        List<JsonObject> kept = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            JsonObject entry = previous.getJsonObject(i);
            if (!result.scenario.equals(entry.getString("scenario"))) {
                kept.add(entry);
            }
        }
        result.figures.forEach(figure -> kept.add(figure(figure, conditions)));
        kept.sort(Comparator.comparing((JsonObject o) -> o.getString("scenario")));
        return new JsonArray(new ArrayList<>(kept));
    }

    private static JsonObject figure(Figure figure, Conditions conditions) {
        return new JsonObject().put("scenario", figure.scenario()).put("metric", figure.metric()).put("unit", figure.unit())
                .put("callwire", number(figure.callwire())).put("peer", number(figure.peer())).put("peerName", figure.peerName())
                .put("ceiling", number(figure.ceiling())).put("commit", conditions.commit()).put("cores", conditions.machine().cores())
                .put("at", conditions.at());
    }

    static String markdown(ScenarioResult result, Conditions conditions) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(result.title).append("\n\n");
        if (conditions.smoke()) {
            md.append("> **Smoke run, not the product's figures.** Small scale on a busy shared machine (load average ")
                    .append(conditions.loadBefore()).append(" before, ").append(conditions.loadAfter())
                    .append(" after): it proves the harness works end to end and says nothing about capacity.\n\n");
        }
        md.append("Commit `").append(conditions.commit()).append("`, ").append(conditions.at()).append(". Machine: ")
                .append(conditions.machine().describe()).append(". Load average (1, 5, 15 min) ").append(conditions.loadBefore())
                .append(" before the run, ").append(conditions.loadAfter()).append(" after. Speed reference before the run: ")
                .append(String.format("%,.0f", conditions.speedReference())).append(" ES256 signatures/s on every core (figures of two runs")
                .append(" compare only if their references do). Load generator, services and peers on the same machine, loopback only.\n\n");
        if (!result.figures.isEmpty()) {
            md.append("## Figures\n\n| metric | Callwire | peer | ceiling | unit |\n| --- | --- | --- | --- | --- |\n");
            for (Figure f : result.figures) {
                md.append("| ").append(f.metric()).append(" | ").append(cell(f.callwire())).append(" | ")
                        .append(f.peer() == null ? "—" : cell(f.peer()) + " (" + f.peerName() + ")").append(" | ")
                        .append(cell(f.ceiling())).append(" | ").append(f.unit()).append(" |\n");
            }
            md.append('\n');
        }
        boolean p95 = result.rows.stream().anyMatch(row -> !Double.isNaN(row.p95()));
        // the CPU split's parts, in the order the rows name them: one column each
        List<String> parts = new ArrayList<>();
        result.rows.forEach(row -> row.cpuMicros().keySet().forEach(part -> {
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }));
        md.append("## Steps\n\n| target | series | offered /s | achieved /s | samples | p50 ms | ").append(p95 ? "p95 ms | " : "")
                .append("p99 ms | p99.9 ms | max ms | ");
        parts.forEach(part -> md.append(part).append(" CPU µs/op | "));
        md.append("note |\n| --- | --- | ---: | ---: | ---: | ---: | ").append(p95 ? "---: | " : "").append("---: | ---: | ---: | ");
        parts.forEach(part -> md.append("---: | "));
        md.append("--- |\n");
        for (Row row : result.rows) {
            md.append("| ").append(row.target()).append(" | ").append(row.series()).append(" | ").append(cell(row.offered()))
                    .append(" | ").append(cell(row.achieved())).append(" | ").append(row.count()).append(" | ")
                    .append(ms(row.p50())).append(" | ");
            if (p95) {
                md.append(ms(row.p95())).append(" | ");
            }
            md.append(ms(row.p99())).append(" | ").append(ms(row.p999())).append(" | ").append(ms(row.max())).append(" | ");
            parts.forEach(part -> {
                Double micros = row.cpuMicros().get(part);
                md.append(micros == null || micros.isNaN() ? "—" : String.format(Locale.ROOT, "%,.0f", micros)).append(" | ");
            });
            md.append(row.note() == null ? "" : row.note().replace("|", "/")).append(" |\n");
        }
        md.append('\n');
        for (ScenarioResult.Table table : result.tables) {
            md.append("## ").append(table.title()).append("\n\n| ").append(String.join(" | ", table.columns())).append(" |\n|");
            table.columns().forEach(column -> md.append(" --- |"));
            md.append('\n');
            for (List<Object> cells : table.rows()) {
                md.append('|');
                cells.forEach(c -> md.append(' ').append(c instanceof Double d ? cell(d) : String.valueOf(c).replace("|", "/")).append(" |"));
                md.append('\n');
            }
            md.append('\n');
        }
        if (result.chart) {
            md.append("![latency percentiles against offered rate](").append(result.scenario).append("-latency.svg)\n\n");
        }
        if (!result.notes.isEmpty()) {
            md.append("## Notes\n\n");
            result.notes.forEach(note -> md.append("- ").append(note).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static Object number(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }

    private static String cell(Double value) {
        if (value == null || value.isNaN()) {
            return "—";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.1f", value);
    }
}
