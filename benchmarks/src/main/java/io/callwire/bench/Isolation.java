package io.callwire.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Healthy-endpoint isolation from repeated pairs: each pair is a fresh all-200 baseline at the fixed
 * rate and, right after it, the same rate with 10 % of the endpoints answering 503 (only the healthy
 * endpoints' latency counts). One pair of a few seconds is within a busy machine's noise (the same
 * code read −18 % and +57 %), so the figure is the median of the pairs' changes: a pair is compared
 * within itself (same table sizes, same neighbours' load at that minute), and the median ignores
 * the one pair a neighbour's build landed on.
 */
final class Isolation {

    /** The target: the healthy endpoints' p99 may degrade by at most this fraction. */
    static final double BOUND = 0.20;

    /** One baseline/503 pair, p95 and p99 in ms. */
    record Pair(double baselineP95, double baselineP99, double failingP95, double failingP99) {

        static Pair of(Row baseline, Row failing) {
            return new Pair(baseline.p95(), baseline.p99(), failing.p95(), failing.p99());
        }

        /** (503 step's p99 ÷ baseline's) − 1; NaN when either step measured nothing. */
        double p99Change() {
            return change(baselineP99, failingP99);
        }

        double p95Change() {
            return change(baselineP95, failingP95);
        }

        boolean measured() {
            return !Double.isNaN(p99Change());
        }

        private static double change(double before, double after) {
            return before > 0 && !Double.isNaN(after) && after > 0 ? after / before - 1 : Double.NaN;
        }
    }

    /** The medians over the pairs that measured something; NaN everywhere when none did. */
    record Summary(int pairs, double p99Change, double p95Change, double baselineP99, double failingP99,
                   double baselineP95, double failingP95) {

        /** Met when the median change of the healthy endpoints' p99 is at most +20 %. */
        boolean met() {
            return p99Change <= BOUND;
        }
    }

    private Isolation() {
    }

    static Summary summarize(List<Pair> pairs) {
        List<Pair> measured = pairs.stream().filter(Pair::measured).toList();
        return new Summary(measured.size(),
                median(measured.stream().map(Pair::p99Change).toList()),
                median(measured.stream().map(Pair::p95Change).toList()),
                median(measured.stream().map(Pair::baselineP99).toList()),
                median(measured.stream().map(Pair::failingP99).toList()),
                median(measured.stream().map(Pair::baselineP95).toList()),
                median(measured.stream().map(Pair::failingP95).toList()));
    }

    /** The median of the values that are numbers (the mean of the middle two for an even count); NaN when none. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>();
        for (Double value : values) {
            if (value != null && !value.isNaN()) {
                sorted.add(value);
            }
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
