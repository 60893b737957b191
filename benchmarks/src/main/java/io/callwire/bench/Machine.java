package io.callwire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the figures were taken on, and what /proc says about a process. */
public record Machine(int cores, long memoryMiB, String java, String os) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotalKb() / 1024,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    public String describe() {
        return cores + " cores, " + memoryMiB + " MiB memory, " + java + ", " + os;
    }

    /** The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Resident set of a process in KiB; -1 if it is gone. */
    public static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Resident set of a process and all its descendants (PostgreSQL backends, Erlang's helpers), KiB. */
    public static long treeRssKb(long pid) {
        long total = Math.max(0, rssKb(pid));
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += Math.max(0, rssKb(child.pid()));
        }
        return total;
    }

    /** Threads of a process; -1 if it is gone. */
    public static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    /** Open file descriptors (files, sockets, pipes) of a process; -1 if it is gone. */
    public static long openFiles(long pid) {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return entries.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time (user + system) a process has used so far, in nanoseconds; 0 if it is gone. */
    public static long cpuNanos(long pid) {
        return cpuNanos(pid, false);
    }

    /**
     * CPU time of a process, with {@code withReapedChildren} also that of the children it has waited
     * for (PostgreSQL's backends that already exited), in nanoseconds; 0 if it is gone.
     */
    public static long cpuNanos(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime = field 14, stime 15, cutime 16, cstime 17
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time of a server and everything it forked, live or exited (PostgreSQL), in nanoseconds. */
    public static long treeCpuNanos(long pid) {
        long total = cpuNanos(pid, true);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += cpuNanos(child.pid());
        }
        return total;
    }

    /**
     * Read and write system calls a process has made so far ({@code syscr + syscw} of {@code /proc/<pid>/io}:
     * socket reads and writes included), and the context switches of all its threads (voluntary and not):
     * on loopback every write also runs the receiving side's network stack, so these say much of where a
     * message-per-delivery design spends its CPU. {@code {-1, -1}} when unreadable.
     */
    public static long[] syscallsAndSwitches(long pid) {
        long calls = -1;
        try {
            long reads = 0, writes = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("syscr:")) {
                    reads = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscw:")) {
                    writes = Long.parseLong(line.substring(6).trim());
                }
            }
            calls = reads + writes;
        } catch (IOException | RuntimeException e) {
            // not readable (another user's process)
        }
        long switches = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                long voluntary = statusFieldOf(task.resolve("status"), "voluntary_ctxt_switches:");
                long involuntary = statusFieldOf(task.resolve("status"), "nonvoluntary_ctxt_switches:");
                switches += Math.max(0, voluntary) + Math.max(0, involuntary);
            }
        } catch (IOException | RuntimeException e) {
            switches = -1;
        }
        return new long[] {calls, switches};
    }

    private static long memTotalKb() {
        return statusFieldOf(Path.of("/proc/meminfo"), "MemTotal:");
    }

    private static long statusField(long pid, String field) {
        return statusFieldOf(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    private static long statusFieldOf(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
