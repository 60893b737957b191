package io.callwire.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a webhook step cost, counted from {@link #start} to {@link #finish}: the service's process CPU,
 * PostgreSQL's (postmaster and backends), this JVM's split by thread group (the embedded broker apart),
 * the service database's transactions and the read/write system calls and context switches of the
 * service and of this JVM. {@link Spent#perDelivery} and {@link Spent#note} divide it by the deliveries.
 */
final class StepCost {

    private final long servicePid;
    private final long postgresPid;
    private final Infrastructure infrastructure;
    private final String database;
    private final OwnCpu ownCpu;
    private final long cpuBefore;
    private final long databaseBefore;
    private final long transactionsBefore;
    private final OwnCpu.Split ownBefore;
    private final long[] serviceCallsBefore;
    private final long[] ownCallsBefore;

    private StepCost(long servicePid, long postgresPid, Infrastructure infrastructure, String database, OwnCpu ownCpu) {
        this.servicePid = servicePid;
        this.postgresPid = postgresPid;
        this.infrastructure = infrastructure;
        this.database = database;
        this.ownCpu = ownCpu;
        this.cpuBefore = servicePid > 0 ? Machine.cpuNanos(servicePid) : 0;
        this.databaseBefore = servicePid > 0 && postgresPid > 0 ? Machine.treeCpuNanos(postgresPid) : 0;
        this.transactionsBefore = servicePid > 0 && infrastructure != null ? infrastructure.transactions(database) : -1;
        this.ownBefore = ownCpu.now();
        this.serviceCallsBefore = servicePid > 0 ? Machine.syscallsAndSwitches(servicePid) : null;
        this.ownCallsBefore = Machine.syscallsAndSwitches(ProcessHandle.current().pid());
    }

    /**
     * Starts counting. {@code servicePid} 0 (the ceiling) counts only this JVM; {@code postgresPid} 0 and
     * a null {@code infrastructure} leave PostgreSQL out.
     */
    static StepCost start(long servicePid, long postgresPid, Infrastructure infrastructure, String database, OwnCpu ownCpu) {
        return new StepCost(servicePid, postgresPid, infrastructure, database, ownCpu);
    }

    /** What was spent since {@link #start}. */
    Spent finish() {
        long cpu = servicePid > 0 ? Machine.cpuNanos(servicePid) - cpuBefore : -1;
        long databaseCpu = servicePid > 0 && postgresPid > 0 ? Machine.treeCpuNanos(postgresPid) - databaseBefore : -1;
        long transactions = transactionsBefore >= 0 ? infrastructure.transactions(database) - transactionsBefore : -1;
        OwnCpu.Split own = ownCpu.now().minus(ownBefore);
        long[] serviceCalls = servicePid > 0 ? Machine.syscallsAndSwitches(servicePid) : null;
        long[] ownCalls = Machine.syscallsAndSwitches(ProcessHandle.current().pid());
        long[] serviceDelta = serviceCalls != null && serviceCalls[0] >= 0
                ? new long[] {serviceCalls[0] - serviceCallsBefore[0], serviceCalls[1] - serviceCallsBefore[1]} : null;
        long[] ownDelta = ownCalls[0] >= 0 ? new long[] {ownCalls[0] - ownCallsBefore[0], ownCalls[1] - ownCallsBefore[1]} : null;
        return new Spent(cpu, databaseCpu, servicePid > 0, transactions, own, serviceDelta, ownDelta);
    }

    /** CPU in nanoseconds (-1: not measured), transactions (-1: not measured), calls and switches (null: not measured). */
    record Spent(long serviceCpu, long databaseCpu, boolean brokerRuns, long transactions, OwnCpu.Split own,
                 long[] serviceCalls, long[] ownCalls) {

        /**
         * CPU per delivery (µs) in the report's four columns: service, PostgreSQL, broker (the embedded
         * Artemis's threads in this JVM, NaN for the ceiling, which has none) and load generator (the rest
         * of this JVM); NaN where not measured or nothing was delivered.
         */
        Map<String, Double> perDelivery(long deliveries) {
            Map<String, Double> cpu = new LinkedHashMap<>();
            cpu.put("service", per(serviceCpu, deliveries));
            cpu.put("PostgreSQL", per(databaseCpu, deliveries));
            cpu.put("broker", brokerRuns ? per(own.broker(), deliveries) : Double.NaN);
            cpu.put("load generator", per(brokerRuns ? own.total() - own.broker() : own.total(), deliveries));
            return cpu;
        }

        /** The load generator's own split, transactions, system calls and switches per delivery, for a row's note. */
        String note(long deliveries) {
            if (deliveries <= 0) {
                return "";
            }
            double n = deliveries;
            return String.format(java.util.Locale.ROOT, "; load generator: publisher + sink %.0f µs, other %.0f, GC/JIT %.0f",
                    own.vertx() / 1e3 / n, own.other() / 1e3 / n, own.jvm() / 1e3 / n)
                    + (transactions >= 0 ? String.format(java.util.Locale.ROOT, "; PostgreSQL transactions per delivery %.3f", transactions / n) : "")
                    + (serviceCalls != null ? String.format(java.util.Locale.ROOT, "; per delivery, service: %.1f read/write calls, %.1f context switches",
                    serviceCalls[0] / n, serviceCalls[1] / n) : "")
                    + (ownCalls != null ? String.format(java.util.Locale.ROOT, "; load generator: %.1f calls, %.1f switches", ownCalls[0] / n, ownCalls[1] / n) : "");
        }

        private static double per(long nanos, long deliveries) {
            return nanos < 0 || deliveries <= 0 ? Double.NaN : nanos / 1e3 / deliveries;
        }
    }
}
