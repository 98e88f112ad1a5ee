package ng.vaxtrace.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.gateway.hub.OutFrame;

class OutboxTest {

    private final List<String> written = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();
    private final List<String> closedFor = new ArrayList<>();
    private final AtomicInteger coalesced = new AtomicInteger();

    /** A socket that takes frames at once when {@code keepsUp}, else holds them until {@link #socketCatchesUp()}. */
    private Outbox outbox(boolean keepsUp, int maxInFlight, int maxQueued) {
        return outbox(keepsUp, maxInFlight, maxQueued, Long.MAX_VALUE);
    }

    private Outbox outbox(boolean keepsUp, int maxInFlight, int maxQueued, long maxQueuedBytes) {
        return new Outbox("c1", (frame, done) -> {
            written.add(frame.text());
            if (keepsUp) {
                done.run();
            } else {
                pending.add(done);
            }
        }, Runnable::run, maxInFlight, maxQueued, maxQueuedBytes, closedFor::add, frame -> {
        }, coalesced::incrementAndGet);
    }

    private void socketCatchesUp() {
        while (!pending.isEmpty()) {
            pending.remove(0).run();
        }
    }

    private static OutFrame frame(String text, String key) {
        return new OutFrame("stock:update", text, key);
    }

    @Test
    void shouldWriteEveryFrameInOrderWhileTheClientKeepsUp() {
        Outbox outbox = outbox(true, 2, 4);
        for (int i = 1; i <= 10; i++) {
            outbox.offer(frame("f" + i, "same-key"));
        }
        assertThat(written).containsExactly("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10");
        assertThat(coalesced).hasValue(0);
    }

    @Test
    void shouldReplaceASupersededFrameOnlyWhileTheSocketIsBackedUp() {
        Outbox outbox = outbox(false, 2, 10);
        outbox.offer(frame("a1", "a"));
        outbox.offer(frame("b1", "b"));
        outbox.offer(frame("a2", "a")); // waits: two in flight
        outbox.offer(frame("alert", null));
        outbox.offer(frame("a3", "a")); // supersedes a2
        assertThat(written).containsExactly("a1", "b1");
        assertThat(outbox.waiting()).isEqualTo(2);

        socketCatchesUp();
        socketCatchesUp();
        assertThat(written).containsExactly("a1", "b1", "alert", "a3");
        assertThat(coalesced).hasValue(1);
    }

    @Test
    void shouldGiveUpOnAClientThatFallsTooFarBehind() {
        Outbox outbox = outbox(false, 1, 3);
        for (int i = 1; i <= 5; i++) {
            outbox.offer(frame("alert" + i, null)); // nothing to coalesce
        }
        assertThat(closedFor).containsExactly("slow consumer: more than 3 frames waiting");
        assertThat(written).containsExactly("alert1");
        socketCatchesUp();
        assertThat(written).containsExactly("alert1");
        assertThat(outbox.waiting()).isZero();
    }

    @Test
    void shouldGiveUpOnAClientHoldingTooManyBytesWhateverTheFrameCount() {
        Outbox outbox = outbox(false, 1, 1000, 10_000);
        outbox.offer(frame("s".repeat(6_000), null)); // in flight, still counted until written
        assertThat(closedFor).isEmpty();
        outbox.offer(frame("t".repeat(6_000), null));
        assertThat(closedFor).containsExactly("slow consumer: more than 9 KiB waiting");
        assertThat(outbox.waiting()).isZero();
    }

    @Test
    void shouldCountBytesOnlyUntilTheSocketTookThem() {
        Outbox outbox = outbox(false, 1, 1000, 10_000);
        for (int i = 0; i < 5; i++) {
            outbox.offer(frame("s".repeat(6_000), null));
            socketCatchesUp();
        }
        assertThat(closedFor).isEmpty();
        assertThat(written).hasSize(5);
    }

    /**
     * The hub offers frames while it holds its own lock: an offer must never wait for a write in progress on the
     * connection's event loop (a big frame, a full socket buffer), or every room would stall behind one socket.
     */
    @Test
    void shouldTakeAnOfferWhileAWriteIsStillInProgress() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            Outbox outbox = new Outbox("c1", (frame, done) -> {
                writing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // a write that takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.add(frame.text());
                done.run();
            }, loop, 4, 16, Long.MAX_VALUE, closedFor::add, frame -> {
            }, coalesced::incrementAndGet);
            outbox.offer(frame("slow", null));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> offered = CompletableFuture.runAsync(() -> outbox.offer(frame("next", null)));
            await().atMost(java.time.Duration.ofSeconds(5)).until(offered::isDone);
            assertThat(release.getCount()).isEqualTo(1); // still writing the first frame

            release.countDown();
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> outbox.waiting() == 0);
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertThat(new ArrayList<>(written)).containsExactly("slow", "next");
        } finally {
            release.countDown();
            loop.shutdownNow();
        }
    }
}
