package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class IsolationTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Isolation.median(List.of(0.57, -0.18, 0.05))).isEqualTo(0.05);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Isolation.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void medianSkipsStepsThatMeasuredNothingAndIsNaNWhenNoneDid() {
        assertThat(Isolation.median(Arrays.asList(Double.NaN, 7.0, null))).isEqualTo(7.0);
        assertThat(Isolation.median(List.of())).isNaN();
        assertThat(Isolation.median(List.of(Double.NaN))).isNaN();
    }

    @Test
    void aPairsChangeIsTheFailingStepAgainstItsOwnBaseline() {
        Isolation.Pair pair = new Isolation.Pair(4.0, 5.7, 5.0, 9.0);
        assertThat(pair.p99Change()).isCloseTo(0.5789, within(1e-4));   // the +57 % of one noisy run
        assertThat(pair.p95Change()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void aPairWhoseBaselineMeasuredNothingHasNoChange() {
        assertThat(new Isolation.Pair(0, 0, 5, 9).measured()).isFalse();
        assertThat(new Isolation.Pair(Double.NaN, Double.NaN, 5, 9).p99Change()).isNaN();
    }

    @Test
    void oneOutlyingPairDoesNotDecideTheVerdict() {
        // the shape of the two runs the issue quotes: −18 %, then +57 %, then one more pair near +5 %
        Isolation.Summary summary = Isolation.summarize(List.of(
                new Isolation.Pair(15.0, 22.8, 14.0, 18.7),
                new Isolation.Pair(4.0, 5.7, 5.0, 9.0),
                new Isolation.Pair(4.0, 6.0, 4.1, 6.3)));
        assertThat(summary.pairs()).isEqualTo(3);
        assertThat(summary.p99Change()).isCloseTo(0.05, within(1e-9));
        assertThat(summary.met()).isTrue();
        // medians of the p99s on their own, not of the pairs: the baseline's is 6.0 and the 503 steps' 9.0
        assertThat(summary.baselineP99()).isEqualTo(6.0);
        assertThat(summary.failingP99()).isEqualTo(9.0);
        assertThat(summary.baselineP95()).isEqualTo(4.0);
        assertThat(summary.failingP95()).isEqualTo(5.0);
    }

    @Test
    void aDegradationInMostPairsMissesTheTarget() {
        Isolation.Summary summary = Isolation.summarize(List.of(
                new Isolation.Pair(4, 5, 4, 7),
                new Isolation.Pair(4, 5, 4, 4),
                new Isolation.Pair(4, 5, 4, 6.5),
                new Isolation.Pair(0, 0, 4, 100)));   // measured nothing: left out
        assertThat(summary.pairs()).isEqualTo(3);
        assertThat(summary.p99Change()).isCloseTo(0.30, within(1e-9));
        assertThat(summary.met()).isFalse();
    }
}
