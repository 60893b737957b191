package io.callwire.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops the embedded PostgreSQL of {@link PostgresResource} with SIGSTOP (the postmaster and every
 * process it runs), as a network partition or a hung server looks to a service: connections stay
 * open, nothing answers. {@link #close()} continues it with SIGCONT. For tests of how a service
 * answers a database outage (503 problem+json in time, readiness false).
 */
public final class PostgresPause implements AutoCloseable {

    private final List<Long> pids;

    private PostgresPause(List<Long> pids) {
        this.pids = pids;
    }

    /** Stops the server now; close the result to let it continue. */
    public static PostgresPause pause() {
        long postmaster;
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), PostgresResource.USERNAME, PostgresResource.PASSWORD);
             ResultSet backend = db.createStatement().executeQuery("select pg_backend_pid()")) {
            backend.next();
            postmaster = ProcessHandle.of(backend.getLong(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("the PostgreSQL postmaster is not a process of this machine"));
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL cannot be reached to find its processes", e);
        }
        // the postmaster first (no new backend after it), then what runs under it now; the backend of
        // the connection above may just be ending, so a process that is gone is no failure
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(process -> pids.add(process.pid())));
        for (long pid : pids) {
            signal("-STOP", pid, pid == postmaster);
        }
        return new PostgresPause(pids);
    }

    @Override
    public void close() {
        for (long pid : pids) {
            signal("-CONT", pid, pid == pids.get(0));
        }
    }

    private static void signal(String signal, long pid, boolean mustSucceed) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = kill.waitFor(10, TimeUnit.SECONDS);
            if (mustSucceed && (!done || kill.exitValue() != 0)) {
                throw new IllegalStateException("kill " + signal + " " + pid + " (the PostgreSQL postmaster) failed");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("kill " + signal + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
