package ng.vaxtrace.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void shouldSpaceRequestsAtTheConfiguredRate() {
        RateLimiter limiter = new RateLimiter(20, now::get);

        long first = limiter.reserve();
        long second = limiter.reserve();
        long third = limiter.reserve();

        assertThat(second - first).isEqualTo(50_000_000L);
        assertThat(third - second).isEqualTo(50_000_000L);
    }

    @Test
    void shouldNotSaveUpUnusedSlotsForABurst() {
        RateLimiter limiter = new RateLimiter(20, now::get);
        limiter.reserve();
        now.addAndGet(10_000_000_000L); // idle for 10 s

        long a = limiter.reserve();
        long b = limiter.reserve();

        assertThat(a).isEqualTo(now.get());
        assertThat(b - a).isEqualTo(50_000_000L);
    }

    @Test
    void shouldHoldEveryRequestUntilRetryAfterHasPassed() {
        RateLimiter limiter = new RateLimiter(20, now::get);
        limiter.reserve();

        limiter.pauseFor(3);

        assertThat(limiter.reserve()).isEqualTo(now.get() + 3_000_000_000L);
    }

    @Test
    void shouldReadRetryAfterSecondsAndFallBackToOneSecond() {
        assertThat(ResilientCaller.retryAfterSeconds("7")).isEqualTo(7);
        assertThat(ResilientCaller.retryAfterSeconds(null)).isEqualTo(1);
        assertThat(ResilientCaller.retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT")).isEqualTo(1);
    }
}
