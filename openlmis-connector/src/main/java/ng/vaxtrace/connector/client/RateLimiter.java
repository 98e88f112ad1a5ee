package ng.vaxtrace.connector.client;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Spaces requests at most {@code perSecond} apart (no bursts), and stops all of them until a Retry-After has passed.
 * OpenLMIS's nginx answers 429 above 20 requests/s per client IP; staying under it costs less than being throttled.
 * Blocking: callers are the sync's worker thread, never the event loop.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextSlot;
    private long pausedUntil;

    public RateLimiter(double perSecond, LongSupplier nanoTime) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.nanoTime = nanoTime;
        this.nextSlot = nanoTime.getAsLong();
        this.pausedUntil = nextSlot;
    }

    /** Waits for this caller's slot. */
    public void acquire() {
        long slot = reserve();
        long wait;
        while ((wait = slot - nanoTime.getAsLong()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Books the next free slot and returns its time (System.nanoTime scale). */
    synchronized long reserve() {
        long slot = Math.max(Math.max(nextSlot, pausedUntil), nanoTime.getAsLong());
        nextSlot = slot + intervalNanos;
        return slot;
    }

    /** No request leaves before {@code seconds} from now (a 429's Retry-After). */
    public synchronized void pauseFor(long seconds) {
        pausedUntil = Math.max(pausedUntil, nanoTime.getAsLong() + seconds * 1_000_000_000L);
    }
}
