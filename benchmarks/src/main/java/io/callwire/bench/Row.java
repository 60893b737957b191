package io.callwire.bench;

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
 */
public record Row(String target, String series, double offered, double achieved, long count,
                  double p50, double p99, double p999, double max, String note) {

    static Row of(String target, String series, double offered, double achieved, LatencyHistogram latencies, String note) {
        return new Row(target, series, offered, achieved, latencies.count(), latencies.percentileMillis(0.50),
                latencies.percentileMillis(0.99), latencies.percentileMillis(0.999), latencies.maxMillis(), note);
    }

    /** True when the step kept up with what was offered (≥ 95 %) within the p99 bound. */
    public boolean sustained(double p99BoundMillis) {
        return count > 0 && achieved >= 0.95 * offered && p99 <= p99BoundMillis;
    }
}
