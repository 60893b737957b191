package io.callwire.bench;

import java.util.Map;

/**
 * One measured step of a scenario: a target (Callwire, a peer or the ceiling) under one offered
 * rate or load. Latencies in milliseconds; NaN where the step measures none.
 *
 * @param target     "callwire", the peer's name or "ceiling"
 * @param series     which case of the scenario (e.g. "10 per queue", "broadcast", "10% 503")
 * @param offered    offered rate per second (deliveries, requests), or the load (connections)
 * @param achieved   achieved rate per second
 * @param count      samples measured
 * @param p50 p99 p999 max latency percentiles, ms
 * @param note       anything the reader needs (errors, CPU per operation)
 * @param p95        the 95th percentile, ms (NaN where not measured): steadier than p99 over a short window
 * @param cpuMicros  CPU per operation by process or part (e.g. "service", "PostgreSQL", "broker",
 *                   "load generator"), µs, in the order the report prints them; empty where not measured
 */
public record Row(String target, String series, double offered, double achieved, long count,
                  double p50, double p99, double p999, double max, String note, double p95, Map<String, Double> cpuMicros) {

    public Row {
        cpuMicros = cpuMicros == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuMicros));
    }

    /** A row without p95 or CPU split (token, footprint and ceiling rows). */
    public Row(String target, String series, double offered, double achieved, long count,
               double p50, double p99, double p999, double max, String note) {
        this(target, series, offered, achieved, count, p50, p99, p999, max, note, Double.NaN, Map.of());
    }

    static Row of(String target, String series, double offered, double achieved, LatencyHistogram latencies, String note) {
        return new Row(target, series, offered, achieved, latencies.count(), latencies.percentileMillis(0.50),
                latencies.percentileMillis(0.99), latencies.percentileMillis(0.999), latencies.maxMillis(), note,
                latencies.count() == 0 ? Double.NaN : latencies.percentileMillis(0.95), Map.of());
    }

    /** This row with CPU per operation by part (µs), in the order given. */
    Row withCpu(Map<String, Double> cpu) {
        return new Row(target, series, offered, achieved, count, p50, p99, p999, max, note, p95, cpu);
    }

    /** "service 290, PostgreSQL 140, …" (µs), or "" when the CPU was not split. */
    String cpuText() {
        StringBuilder text = new StringBuilder();
        cpuMicros.forEach((part, micros) -> text.append(text.isEmpty() ? "" : ", ").append(part).append(' ')
                .append(micros == null || micros.isNaN() ? "—" : String.format(java.util.Locale.ROOT, "%.0f", micros)));
        return text.toString();
    }

    /** True when the step kept up with what was offered (≥ 95 %) within the p99 bound. */
    public boolean sustained(double p99BoundMillis) {
        return count > 0 && achieved >= 0.95 * offered && p99 <= p99BoundMillis;
    }
}
