package io.callwire.bench;

import java.util.ArrayList;
import java.util.List;

/** What one scenario measured: its rows, its headline figures and what the reader must know. */
public final class ScenarioResult {

    final String scenario;
    final String title;
    final List<Row> rows = new ArrayList<>();
    final List<Figure> figures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Chart: latency percentiles against offered rate, one line per target and series; off for non-rate scenarios. */
    boolean chart;
    /** Why a scenario that judges its own run (the soak) failed; null when it passed or does not judge. */
    String failure;
    /** Series measured at one rate only (repeated pairs): left out of the latency-against-rate chart. */
    final java.util.Set<String> unchartedSeries = new java.util.HashSet<>();
    /** Tables beyond the steps (e.g. the isolation pairs), written to the JSON under their key and to the report. */
    final List<Table> tables = new ArrayList<>();

    /**
     * A table of its own in the report and, under {@code key}, in the JSON (one object per row, by column).
     * Cells are numbers (NaN written as null / "—") or text.
     */
    public record Table(String key, String title, List<String> columns, List<List<Object>> rows) {
    }

    public ScenarioResult(String scenario, String title) {
        this.scenario = scenario;
        this.title = title;
    }

    public ScenarioResult row(Row row) {
        rows.add(row);
        System.out.printf("  %-10s %-22s offered %10.0f/s  achieved %10.0f/s  n=%-9d p50 %8.1f  p95 %8.1f  p99 %8.1f  p99.9 %8.1f  max %8.1f ms  %s%n",
                row.target(), row.series(), row.offered(), row.achieved(), row.count(), row.p50(), row.p95(), row.p99(), row.p999(),
                row.max(), (row.cpuMicros().isEmpty() ? "" : "CPU µs per delivery: " + row.cpuText() + "; ")
                + (row.note() == null ? "" : row.note()));
        return this;
    }

    public ScenarioResult figure(String metric, String unit, Double callwire, Double peer, String peerName, Double ceiling) {
        figures.add(new Figure(scenario, metric, unit, callwire, peer, peerName, ceiling));
        System.out.printf("  FIGURE %s: callwire %s, %s %s, ceiling %s %s%n", metric, callwire, peerName == null ? "peer" : peerName,
                peer, ceiling, unit);
        return this;
    }

    public ScenarioResult table(Table table) {
        tables.add(table);
        return this;
    }

    public ScenarioResult note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
        return this;
    }

    /** The highest offered rate a target sustained (≥ 95 % delivered, p99 within the bound) in a series; null if none. */
    public Double highestSustained(String target, String series, double p99BoundMillis) {
        Double best = null;
        for (Row row : rows) {
            if (row.target().equals(target) && row.series().equals(series) && row.sustained(p99BoundMillis)) {
                best = best == null ? row.achieved() : Math.max(best, row.achieved());
            }
        }
        return best;
    }

    /** The row of a target and series at an offered rate, or null. */
    public Row at(String target, String series, double offered) {
        for (Row row : rows) {
            if (row.target().equals(target) && row.series().equals(series) && Math.abs(row.offered() - offered) < 1e-6 * Math.max(1, offered)) {
                return row;
            }
        }
        return null;
    }
}
