package ng.vaxtrace.gateway.ws;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import ng.vaxtrace.gateway.hub.OutFrame;
import ng.vaxtrace.gateway.hub.Subscriber;

/**
 * One connection's bounded send queue. Offers (from Kafka threads, the clock, the connection's own event loop) only
 * enqueue; the writes themselves all happen on the connection's event loop, so frames leave in the order they were
 * offered, and at most {@code maxInFlight} are handed to the socket and not yet written. While the socket is backed
 * up that far, a waiting frame is dropped when a newer one with the same coalesce key arrives (a newer balance or map
 * flush of the same room supersedes it). When more than {@code maxQueued} still wait, the client is too slow: the
 * queue is dropped and {@code onTooSlow} closes the connection; so it is when the bytes of the frames waiting
 * or in flight exceed {@code maxQueuedBytes}, which bounds the memory one connection can hold whatever the frame
 * sizes. Nothing here blocks, so one slow dashboard never holds up the fan-out to the others.
 */
public class Outbox implements Subscriber {

    /** Writes one frame; calls {@code done} (either way) once the socket took it. */
    public interface Socket {
        void send(OutFrame frame, Runnable done);
    }

    private static final class Slot {
        OutFrame frame;

        Slot(OutFrame frame) {
            this.frame = frame;
        }
    }

    private final String id;
    private final Socket socket;
    private final Executor loop;
    private final int maxInFlight;
    private final int maxQueued;
    private final long maxQueuedBytes;
    private final Consumer<String> onTooSlow;
    private final Consumer<OutFrame> onSent;
    private final Runnable onCoalesced;
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    private final Map<String, Slot> queuedByKey = new HashMap<>();
    private int inFlight;
    private int waiting;
    /** Bytes of the frames waiting or in flight. */
    private long queuedBytes;
    private boolean drainScheduled;
    private boolean closed;

    public Outbox(String id, Socket socket, Executor loop, int maxInFlight, int maxQueued, long maxQueuedBytes,
            Consumer<String> onTooSlow, Consumer<OutFrame> onSent, Runnable onCoalesced) {
        this.id = id;
        this.socket = socket;
        this.loop = loop;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onTooSlow = onTooSlow;
        this.onSent = onSent;
        this.onCoalesced = onCoalesced;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void offer(OutFrame frame) {
        String tooSlow = null;
        boolean schedule = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            Slot slot = new Slot(frame);
            if (frame.coalesceKey() != null) {
                Slot superseded = queuedByKey.put(frame.coalesceKey(), slot);
                // Only a connection whose socket is backed up skips frames; a healthy one sees every sequence number.
                if (superseded != null && superseded.frame != null && inFlight >= maxInFlight) {
                    queuedBytes -= superseded.frame.size();
                    superseded.frame = null;
                    waiting--;
                    onCoalesced.run();
                }
            }
            queue.addLast(slot);
            waiting++;
            queuedBytes += frame.size();
            if (waiting > maxQueued) {
                dropAll();
                tooSlow = "slow consumer: more than " + maxQueued + " frames waiting";
            } else if (queuedBytes > maxQueuedBytes) {
                dropAll();
                tooSlow = "slow consumer: more than " + maxQueuedBytes / 1024 + " KiB waiting";
            } else if (!drainScheduled) {
                drainScheduled = true;
                schedule = true;
            }
        }
        if (tooSlow != null) {
            onTooSlow.accept(tooSlow);
        } else if (schedule) {
            loop.execute(this::drain);
        }
    }

    /** Frames waiting to be written (after coalescing). */
    public synchronized int waiting() {
        return waiting;
    }

    /** Stops sending; what is queued is dropped. */
    public synchronized void close() {
        dropAll();
    }

    private void dropAll() {
        closed = true;
        queue.clear();
        queuedByKey.clear();
        waiting = 0;
        queuedBytes = 0;
    }

    /**
     * On the connection's event loop only (so frames leave in queue order). The socket is written outside this
     * object's lock: a write can take a while (a large frame, a full socket buffer), and the hub offers to this
     * queue while it holds its own lock — waiting here would stall every room behind one socket.
     */
    private void drain() {
        synchronized (this) {
            drainScheduled = false;
        }
        OutFrame frame;
        while ((frame = next()) != null) {
            int bytes = frame.size();
            socket.send(frame, () -> written(bytes));
            onSent.accept(frame);
        }
    }

    /** The next frame to hand to the socket, counted in flight; null when closed, at the in-flight bound or empty. */
    private synchronized OutFrame next() {
        while (!closed && inFlight < maxInFlight && !queue.isEmpty()) {
            Slot slot = queue.pollFirst();
            OutFrame frame = slot.frame;
            if (frame == null) {
                continue;
            }
            if (frame.coalesceKey() != null) {
                queuedByKey.remove(frame.coalesceKey(), slot);
            }
            waiting--;
            inFlight++;
            return frame;
        }
        return null;
    }

    private synchronized void written(int bytes) {
        inFlight--;
        if (!closed) {
            queuedBytes -= bytes;
        }
        if (!drainScheduled && !queue.isEmpty()) {
            drainScheduled = true;
            loop.execute(this::drain);
        }
    }
}
