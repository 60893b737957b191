package io.callwire.subscription.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The queue in front of the database that connection set-up goes through: what waits is sent
 * together, a full queue refuses at once, a database that answers nothing fails what waits after
 * the stall timeout, and a batch that got no pool connection waits again instead of failing.
 */
class BatchQueueTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void itemsWaitingTogetherGoInOneBatchAndEachGetsItsOwnAnswer() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        BatchQueue<Integer, Integer> queue = new BatchQueue<>("tests", 100, 1, 1000, Duration.ofSeconds(10), vertx, items -> {
            batches.add(items);
            // the first batch is held until every item is queued, as a busy database would
            return Uni.createFrom().completionStage(batches.size() == 1 ? release : CompletableFuture.completedFuture(null))
                    .map(v -> items.stream().map(i -> i * 10).toList());
        });
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            answers.add(queue.submit(i).subscribeAsCompletionStage());
        }
        release.complete(null);
        for (int i = 0; i < 250; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
        }
        // one item alone, then the 249 that waited meanwhile in batches of at most 100
        assertThat(batches).hasSize(4);
        assertThat(batches.get(0)).hasSize(1);
        assertThat(batches.stream().mapToInt(List::size).max().orElseThrow()).isEqualTo(100);
    }

    @Test
    void aFullQueueRefusesAtOnceWithAMessageThatSaysSo() {
        BatchQueue<Integer, Integer> queue = new BatchQueue<>("admissions", 10, 1, 5, Duration.ofSeconds(10), vertx,
                items -> Uni.createFrom().nothing());
        for (int i = 0; i < 6; i++) {
            queue.submit(i).subscribe().with(ok -> { }, failure -> { }); // one running, five waiting
        }
        assertThatThrownBy(() -> queue.submit(99).await().atMost(Duration.ofSeconds(1)))
                .isInstanceOf(BatchQueue.Overloaded.class)
                .hasMessage("Too many admissions waiting for the database (5); try again shortly");
    }

    @Test
    void whatWaitsFailsWhenTheDatabaseAnswersNothingForTheStallTimeout() {
        BatchQueue<Integer, Integer> queue = new BatchQueue<>("admissions", 10, 1, 100, Duration.ofMillis(400), vertx,
                items -> Uni.createFrom().nothing()); // a hung database
        CompletableFuture<Integer> first = queue.submit(1).subscribeAsCompletionStage();
        CompletableFuture<Integer> second = queue.submit(2).subscribeAsCompletionStage();
        long started = System.nanoTime();
        assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BatchQueue.Stalled.class);
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aBatchThatGotNoPoolConnectionWaitsAgainInsteadOfFailing() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        BatchQueue<Integer, Integer> queue = new BatchQueue<>("lookups", 10, 1, 100, Duration.ofSeconds(10), vertx, items ->
                attempts.incrementAndGet() <= 2
                        ? Uni.createFrom().failure(new io.vertx.core.VertxException("Timeout waiting for connection"))
                        : Uni.createFrom().item(items));
        assertThat(queue.submit(7).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void anyOtherFailureFailsTheItemsOfItsBatch() {
        BatchQueue<Integer, Integer> queue = new BatchQueue<>("lookups", 10, 1, 100, Duration.ofSeconds(10), vertx,
                items -> Uni.createFrom().failure(new IllegalStateException("Connection refused")));
        assertThatThrownBy(() -> queue.submit(1).await().atMost(Duration.ofSeconds(5))).hasMessage("Connection refused");
    }
}
