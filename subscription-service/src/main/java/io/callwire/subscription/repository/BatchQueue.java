package io.callwire.subscription.repository;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A queue in front of the database for the statements every connection of a storm sends (the
 * admission, the Subscribe reads, the session writes): items wait here, not in the pool, and go to
 * the database together, {@code batchSize} to a statement (or to one pipelined batch), with at most
 * {@code inFlight} statements of this queue using pool connections at once.
 * <p>
 * Why: the pool fails a request that waits longer than the acquisition timeout (3 s, so that a hung
 * database answers 503 quickly), and when ten thousand clients reconnect at once, one statement per
 * client queues far longer than that although the database is answering. Here a waiting item fails
 * only when the queue is full ({@link Overloaded}, at once) or when the database has made no progress
 * on this queue for {@code stall} ({@link Stalled}, a {@link TimeoutException}: an outage, as a pool
 * timeout is). A batch that got no pool connection within the pool's acquisition timeout was not sent
 * and waits again at the head of the queue.
 * <p>
 * Results are delivered on the Vert.x context of the caller, as the reactive client itself does.
 *
 * @param <I> what one caller asks for
 * @param <O> what it gets back
 */
final class BatchQueue<I, O> {

    /** The queue is at its bound: the caller is told at once, nothing was sent. */
    static final class Overloaded extends RuntimeException {
        Overloaded(String name, int max) {
            super("Too many " + name + " waiting for the database (" + max + "); try again shortly");
        }
    }

    /** The database answered nothing of this queue within the stall timeout. */
    static final class Stalled extends TimeoutException {
        Stalled(String name, long millis) {
            super("Timeout: the database has not answered " + name + " for " + millis + " ms");
        }
    }

    private static final long RETRY_DELAY_MILLIS = 50;

    private record Waiting<I, O>(I item, CompletableFuture<O> result, Context context) {
    }

    private final String name;
    private final int batchSize;
    private final int maxInFlight;
    private final int maxQueued;
    private final long stallNanos;
    /** Runs one batch; answers one output per input, in order. */
    private final Function<List<I>, Uni<List<O>>> run;
    private final Vertx vertx;
    private final ArrayDeque<Waiting<I, O>> queue = new ArrayDeque<>();
    private final List<List<Waiting<I, O>>> running = new ArrayList<>();
    private long lastProgress = System.nanoTime();

    BatchQueue(String name, int batchSize, int maxInFlight, int maxQueued, java.time.Duration stall, Vertx vertx,
               Function<List<I>, Uni<List<O>>> run) {
        this.name = name;
        this.batchSize = batchSize;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.stallNanos = stall.toNanos();
        this.run = run;
        this.vertx = vertx;
        long period = Math.max(100, stall.toMillis() / 4);
        vertx.setPeriodic(period, id -> failIfStalled());
    }

    /** Queues one item; the Uni completes when its batch has been answered. */
    Uni<O> submit(I item) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<O> result = new CompletableFuture<>();
            Waiting<I, O> waiting = new Waiting<>(item, result, Vertx.currentContext());
            synchronized (this) {
                if (queue.size() >= maxQueued) {
                    return Uni.createFrom().failure(new Overloaded(name, maxQueued));
                }
                if (queue.isEmpty() && running.isEmpty()) {
                    lastProgress = System.nanoTime(); // waiting starts now, not at the last batch of a quiet hour
                }
                queue.add(waiting);
            }
            drain();
            return Uni.createFrom().completionStage(result);
        });
    }

    private void drain() {
        while (true) {
            List<Waiting<I, O>> batch;
            synchronized (this) {
                if (queue.isEmpty() || running.size() >= maxInFlight) {
                    return;
                }
                batch = new ArrayList<>(Math.min(batchSize, queue.size()));
                while (batch.size() < batchSize && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
                running.add(batch);
            }
            List<I> items = new ArrayList<>(batch.size());
            batch.forEach(w -> items.add(w.item()));
            Uni<List<O>> answer;
            try {
                answer = run.apply(items);
            } catch (RuntimeException e) {
                answer = Uni.createFrom().failure(e);
            }
            answer.subscribe().with(outputs -> finished(batch, outputs, null), failure -> finished(batch, null, failure));
        }
    }

    private void finished(List<Waiting<I, O>> batch, List<O> outputs, Throwable failure) {
        if (failure != null && isPoolWait(failure)) {
            // nothing was sent: the batch goes back to the head of the queue and waits its turn again;
            // only the stall rule fails what waits (the database answers nothing at all)
            synchronized (this) {
                running.remove(batch);
                for (int i = batch.size() - 1; i >= 0; i--) {
                    if (!batch.get(i).result().isDone()) {
                        queue.addFirst(batch.get(i));
                    }
                }
            }
            // a pool that fails at once must not turn this into a busy loop
            vertx.setTimer(RETRY_DELAY_MILLIS, id -> drain());
            return;
        }
        synchronized (this) {
            running.remove(batch);
            lastProgress = System.nanoTime();
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failure != null) {
                fail(batch.get(i), failure);
            } else {
                complete(batch.get(i), outputs.get(i));
            }
        }
        drain();
    }

    /** The pool gave no connection within its acquisition timeout (Vert.x says so in these words). */
    private static boolean isPoolWait(Throwable failure) {
        String message = failure.getMessage();
        return message != null && (message.startsWith("Timeout waiting for connection") || message.equals("Timeout"));
    }

    /** Fails everything waiting when the database has answered nothing of this queue for the stall timeout. */
    private void failIfStalled() {
        List<Waiting<I, O>> failed = new ArrayList<>();
        synchronized (this) {
            if ((running.isEmpty() && queue.isEmpty()) || System.nanoTime() - lastProgress < stallNanos) {
                return;
            }
            failed.addAll(queue);
            queue.clear();
            running.forEach(failed::addAll); // their statements may still complete: nobody waits for them
        }
        Stalled stalled = new Stalled(name, stallNanos / 1_000_000);
        failed.forEach(w -> fail(w, stalled));
    }

    private void complete(Waiting<I, O> waiting, O output) {
        if (waiting.context() == null) {
            waiting.result().complete(output);
        } else {
            waiting.context().runOnContext(v -> waiting.result().complete(output));
        }
    }

    private void fail(Waiting<I, O> waiting, Throwable failure) {
        if (waiting.context() == null) {
            waiting.result().completeExceptionally(failure);
        } else {
            waiting.context().runOnContext(v -> waiting.result().completeExceptionally(failure));
        }
    }
}
