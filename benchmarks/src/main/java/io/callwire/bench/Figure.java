package io.callwire.bench;

/**
 * One headline figure of {@code bench/results/summary.json}: Callwire's value, the peer's and the
 * ceiling's (null where there is none) for one metric of one scenario.
 */
public record Figure(String scenario, String metric, String unit, Double callwire, Double peer, String peerName, Double ceiling) {
}
