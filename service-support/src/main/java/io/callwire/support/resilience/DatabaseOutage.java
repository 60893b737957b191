package io.callwire.support.resilience;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Tells a database that cannot be reached from a request that is wrong: the first is a 503 (try
 * again soon), never a 500. The reactive client reports an unreachable or hung server in several
 * ways, and Hibernate Reactive wraps them, so the whole cause chain is read.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True when {@code failure} (or a cause) says the database is down, unreachable or not answering in time. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (message.equals("Timeout") || message.startsWith("Timeout waiting for connection")
                    || message.contains("Connection refused") || message.contains("Connection is not active")
                    || message.contains("Pool closed") || message.contains("the database system is starting up")
                    || message.contains("the database system is shutting down"))) {
                return true;
            }
        }
        return false;
    }
}
