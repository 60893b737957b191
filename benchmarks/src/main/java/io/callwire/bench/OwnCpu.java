package io.callwire.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The load generator's own CPU time, split by who spent it. The embedded Artemis broker runs in this
 * JVM beside the publisher and the receivers, so the process figure alone mixes the broker (which a
 * deployment runs on its own machine) with the harness: the broker's threads are told by their names
 * (Artemis names its server, I/O, journal and Netty threads {@code ...activemq...}), Vert.x's event
 * loops carry the publisher's AMQP client and the HTTP sink, and what the process used beyond its
 * Java threads is the JVM itself (GC, JIT).
 */
final class OwnCpu {

    /** CPU nanoseconds by group: broker, vert.x (publisher + sink), other threads, JVM (GC, JIT, the rest of the process). */
    record Split(long broker, long vertx, long other, long jvm) {

        long total() {
            return broker + vertx + other + jvm;
        }

        Split minus(Split before) {
            return new Split(broker - before.broker, vertx - before.vertx, other - before.other, jvm - before.jvm);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU of threads seen before, by id: a thread that ended keeps counting in its group with its last figure. */
    private final Map<Long, long[]> seen = new HashMap<>();

    /** The CPU used so far, by group. */
    synchronized Split now() {
        long process = Machine.cpuNanos(ProcessHandle.current().pid());
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue;
            }
            seen.put(ids[i], new long[] {group(infos[i].getThreadName()), cpu});
        }
        long[] byGroup = new long[3];
        for (long[] thread : seen.values()) {
            byGroup[(int) thread[0]] += thread[1];
        }
        long java = byGroup[0] + byGroup[1] + byGroup[2];
        return new Split(byGroup[0], byGroup[1], byGroup[2], Math.max(0, process - java));
    }

    /**
     * The threads that used the most CPU so far, "name: seconds [group]", busiest first: printed after a run
     * so that a broker thread the name rule missed (and counted as the load generator's) would show.
     */
    synchronized java.util.List<String> busiest(int count) {
        now();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        java.util.List<long[]> threads = new java.util.ArrayList<>();
        java.util.Map<Long, String> names = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (cpu > 0 && infos[i] != null) {
                threads.add(new long[] {ids[i], cpu});
                names.put(ids[i], infos[i].getThreadName());
            }
        }
        threads.sort((a, b) -> Long.compare(b[1], a[1]));
        return threads.stream().limit(count).map(t -> String.format(Locale.ROOT, "%s: %.1f s [%s]", names.get(t[0]), t[1] / 1e9,
                GROUPS[group(names.get(t[0]))])).toList();
    }

    private static final String[] GROUPS = {"broker", "publisher + sink", "other"};

    private static int group(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("activemq") || lower.contains("artemis")) {
            return 0;
        }
        return lower.contains("vert.x") ? 1 : 2;
    }
}
