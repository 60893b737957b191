package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class ReportWriterTest {

    @TempDir
    Path directory;

    private static ReportWriter.Conditions conditions(String commit) {
        return new ReportWriter.Conditions(commit, new Machine(2, 24_000, "JVM 25", "Linux"), "2026-11-30T04:00:00Z", "9.1 7.0 5.0",
                "10.2 8.0 6.0", 6930.4, true);
    }

    private static ScenarioResult fanout() {
        ScenarioResult result = new ScenarioResult("fanout", "WebSocket fan-out");
        result.chart = true;
        LatencyHistogram latencies = new LatencyHistogram();
        latencies.recordMicros(5_000);
        latencies.recordMicros(150_000);
        result.row(Row.of("callwire", "10 per queue", 1000, 990, latencies, "990 of 1000"));
        result.row(Row.of("ceiling", "10 per queue", 1000, 1000, latencies, null));
        result.figure("sustained deliveries/s", "deliveries/s", 990.0, null, null, 1000.0);
        result.note("a note");
        return result;
    }

    @Test
    void writesJsonMarkdownChartAndSummaryWithTheIssuesFields() throws Exception {
        new ReportWriter(directory).write(fanout(), conditions("abc123"));

        JsonArray summary = new JsonArray(Files.readString(directory.resolve("summary.json")));
        assertThat(summary).hasSize(1);
        JsonObject figure = summary.getJsonObject(0);
        assertThat(figure.fieldNames()).containsExactlyInAnyOrder("scenario", "metric", "unit", "callwire", "peer", "peerName",
                "ceiling", "commit", "cores", "at");
        assertThat(figure.getDouble("callwire")).isEqualTo(990.0);
        assertThat(figure.getValue("peer")).isNull();
        assertThat(figure.getInteger("cores")).isEqualTo(2);
        assertThat(figure.getString("commit")).isEqualTo("abc123");

        JsonObject json = new JsonObject(Files.readString(directory.resolve("fanout.json")));
        assertThat(json.getBoolean("smoke")).isTrue();
        assertThat(json.getJsonArray("rows")).hasSize(2);
        assertThat(json.getJsonObject("machine").getString("loadAverageBefore")).isEqualTo("9.1 7.0 5.0");
        // the machine's speed travels with the figures, so that two runs can be told comparable or not
        assertThat(json.getJsonObject("machine").getDouble("speedReferenceSignaturesPerSecond")).isEqualTo(6930.4);

        String markdown = Files.readString(directory.resolve("fanout.md"));
        assertThat(markdown).contains("Smoke run, not the product's figures").contains("load average 9.1 7.0 5.0").contains("Speed reference before the run: 6,930 ES256 signatures/s")
                .contains("| callwire | 10 per queue | 1,000 | 990 |").contains("![latency percentiles against offered rate](fanout-latency.svg)");
        assertThat(Files.readString(directory.resolve("fanout-latency.svg"))).startsWith("<svg").contains("callwire · 10 per queue");
    }

    @Test
    void aRunReplacesOnlyItsOwnScenarioInTheSummary() throws Exception {
        ReportWriter writer = new ReportWriter(directory);
        ScenarioResult tokens = new ScenarioResult("tokens", "Tokens");
        tokens.figure("RTE token exchanges/s", "tokens/s", 5000.0, 3000.0, "Keycloak", 20000.0);
        writer.write(tokens, conditions("one"));
        writer.write(fanout(), conditions("one"));
        writer.write(fanout(), conditions("two"));

        JsonArray summary = new JsonArray(Files.readString(directory.resolve("summary.json")));
        assertThat(summary).hasSize(2);
        assertThat(summary.getJsonObject(0).getString("scenario")).isEqualTo("fanout");
        assertThat(summary.getJsonObject(0).getString("commit")).isEqualTo("two");
        assertThat(summary.getJsonObject(1).getString("peerName")).isEqualTo("Keycloak");
        assertThat(summary.getJsonObject(1).getString("commit")).isEqualTo("one");
    }

    @Test
    void nanBecomesNullInJson() {
        ScenarioResult result = new ScenarioResult("tokens", "Tokens");
        result.row(new Row("ceiling", "signing", Double.NaN, 100, 100, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null));
        JsonObject json = ReportWriter.json(result, conditions("x"));
        assertThat(json.getJsonArray("rows").getJsonObject(0).getValue("p50Ms")).isNull();
        assertThat(json.encode()).doesNotContain("NaN");
    }

    @Test
    void everyRowsCpuSplitIsAColumnInTheReportAndAnObjectInTheJson() {
        ScenarioResult result = new ScenarioResult("webhooks", "Webhook dispatch");
        LatencyHistogram latencies = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            latencies.recordMicros(i * 100L);
        }
        java.util.Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        cpu.put("service", 290.4);
        cpu.put("PostgreSQL", 140.0);
        cpu.put("broker", 160.0);
        cpu.put("load generator", Double.NaN);
        result.row(Row.of("callwire", "all answer 200", 1000, 1000, latencies, "n").withCpu(cpu));

        JsonObject row = ReportWriter.json(result, conditions("x")).getJsonArray("rows").getJsonObject(0);
        assertThat(row.getDouble("p95Ms")).isCloseTo(9.5, org.assertj.core.api.Assertions.within(0.2)); // the histogram is within 1.6 %
        JsonObject split = row.getJsonObject("cpuPerOperationMicros");
        assertThat(split.fieldNames()).containsExactly("service", "PostgreSQL", "broker", "load generator");
        assertThat(split.getDouble("broker")).isEqualTo(160.0);
        assertThat(split.getValue("load generator")).isNull();

        String markdown = ReportWriter.markdown(result, conditions("x"));
        assertThat(markdown).contains("| p50 ms | p95 ms | p99 ms |")
                .contains("| service CPU µs/op | PostgreSQL CPU µs/op | broker CPU µs/op | load generator CPU µs/op |")
                .contains("| 290 | 140 | 160 | — | n |");
    }

    @Test
    void anExtraTableGoesToTheReportAndUnderItsKeyToTheJson() {
        ScenarioResult result = new ScenarioResult("webhooks", "Webhook dispatch");
        result.table(new ScenarioResult.Table("isolation", "Healthy-endpoint isolation", java.util.List.of("pair", "p99 change"),
                java.util.List.of(java.util.List.of(1, "+5 %"), java.util.List.of("median", Double.NaN))));

        JsonObject json = ReportWriter.json(result, conditions("x"));
        assertThat(json.getJsonArray("isolation").getJsonObject(0).getString("p99 change")).isEqualTo("+5 %");
        assertThat(json.getJsonArray("isolation").getJsonObject(1).getValue("p99 change")).isNull();
        assertThat(ReportWriter.markdown(result, conditions("x"))).contains("## Healthy-endpoint isolation\n\n| pair | p99 change |\n| --- | --- |\n| 1 | +5 % |\n| median | — |");
    }

    @Test
    void repeatedPairsAtOneRateStayOutOfTheLatencyChart() throws Exception {
        ScenarioResult result = fanout();
        LatencyHistogram latencies = new LatencyHistogram();
        latencies.recordMicros(1_000);
        result.row(Row.of("callwire", "pairs", 1000, 1000, latencies, null));
        result.unchartedSeries.add("pairs");
        new ReportWriter(directory).write(result, conditions("x"));
        assertThat(Files.readString(directory.resolve("fanout-latency.svg"))).contains("callwire · 10 per queue").doesNotContain("callwire · pairs");
    }
}
