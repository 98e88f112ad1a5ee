package ng.vaxtrace.stock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the system clock, moved forward by a test that needs tomorrow to come (the daily
 * recompute) and put back after it. Every other test sees the real time.
 */
public final class ShiftedClock extends Clock {

    private static volatile Duration shift = Duration.ZERO;

    static void shift(Duration by) {
        shift = by;
    }

    static void reset() {
        shift = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(shift);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }

    /** Replaces the service's system clock in every Quarkus test of this module. */
    static class Producer {
        @Produces
        @Singleton
        @Alternative
        @Priority(1)
        Clock clock() {
            return new ShiftedClock();
        }
    }
}
