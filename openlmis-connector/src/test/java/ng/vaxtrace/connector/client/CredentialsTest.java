package ng.vaxtrace.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CredentialsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Credentials credentials = new Credentials(Duration.ofMinutes(5), Duration.ofHours(1), clock, registry);

    @Test
    void shouldPauseScheduledSyncsLongerWithEachRefusalUpToTheMaximum() {
        assertThat(credentials.mayAttempt()).isTrue();
        Duration[] expected = { Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
                Duration.ofHours(1), Duration.ofHours(1) };
        for (Duration pause : expected) {
            credentials.refused("HTTP 401");
            assertThat(credentials.mayAttempt()).isFalse();
            assertThat(credentials.refusal().orElseThrow().nextAttempt()).isEqualTo(clock.instant().plus(pause));
            clock.now = clock.now.plus(pause).minusSeconds(1);
            assertThat(credentials.mayAttempt()).as("one second before the pause ends").isFalse();
            clock.now = clock.now.plusSeconds(1);
            assertThat(credentials.mayAttempt()).isTrue();
        }
        assertThat(credentials.refusal().orElseThrow().since()).isEqualTo(T0);
        assertThat(registry.get("vaxtrace.connector.openlmis.credentials.refused").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("vaxtrace.connector.errors").tag("reason", "openlmis-credentials-refused").counter().count()).isEqualTo(6);
    }

    @Test
    void shouldForgetTheRefusalAtTheFirstAcceptedCall() {
        credentials.refused("Bad credentials (invalid_grant)");
        credentials.accepted();

        assertThat(credentials.refusal()).isEmpty();
        assertThat(credentials.mayAttempt()).isTrue();
        assertThat(registry.get("vaxtrace.connector.openlmis.credentials.refused").gauge().value()).isZero();
        credentials.refused("again");
        assertThat(credentials.refusal().orElseThrow().refusals()).as("a new refusal starts over").isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
