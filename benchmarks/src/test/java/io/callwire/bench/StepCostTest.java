package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StepCostTest {

    private static final OwnCpu.Split OWN = new OwnCpu.Split(160_000_000, 40_000_000, 5_000_000, 15_000_000);

    @Test
    void theBrokersThreadsAreAColumnOfTheirOwnAndLeaveTheLoadGeneratorsShare() {
        StepCost.Spent spent = new StepCost.Spent(290_000_000, 140_000_000, true, 10, OWN, new long[] {5_000, 1_500}, null);
        Map<String, Double> cpu = spent.perDelivery(1_000);
        assertThat(cpu).containsExactly(Map.entry("service", 290.0), Map.entry("PostgreSQL", 140.0), Map.entry("broker", 160.0),
                Map.entry("load generator", 60.0));
        assertThat(spent.note(1_000)).contains("publisher + sink 40 µs, other 5, GC/JIT 15").contains("transactions per delivery 0.010")
                .contains("service: 5.0 read/write calls, 1.5 context switches");
    }

    @Test
    void theCeilingHasNoServiceDatabaseOrBrokerAndItsWholeJvmIsTheLoadGenerator() {
        StepCost.Spent spent = new StepCost.Spent(-1, -1, false, -1, OWN, null, null);
        Map<String, Double> cpu = spent.perDelivery(1_000);
        assertThat(cpu.get("service")).isNaN();
        assertThat(cpu.get("PostgreSQL")).isNaN();
        assertThat(cpu.get("broker")).isNaN();
        assertThat(cpu.get("load generator")).isEqualTo(220.0);
    }

    @Test
    void nothingDeliveredMeansNoFigureRatherThanInfinity() {
        StepCost.Spent spent = new StepCost.Spent(290_000_000, 140_000_000, true, 10, OWN, null, null);
        assertThat(spent.perDelivery(0).values()).allMatch(v -> v.isNaN());
        assertThat(spent.note(0)).isEmpty();
    }
}
