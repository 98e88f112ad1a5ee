package ng.vaxtrace.connector.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import ng.vaxtrace.connector.config.ConnectorConfig;

/**
 * Whether OpenLMIS accepts the connector's credentials. Refused credentials (revoked, changed, wrong, an account
 * without rights) are not an outage that waiting cures: every attempt would fail the same way, so scheduled syncs back
 * off (doubling from {@code credentials-backoff} up to {@code credentials-backoff-max}) instead of hammering the token
 * endpoint, and the refusal is told where an operator looks: readiness DOWN with the reason, the gauge
 * {@code vaxtrace_connector_openlmis_credentials_refused}, one ERROR line when it starts and one INFO line when it ends.
 * The first accepted call clears it.
 */
@ApplicationScoped
public class Credentials {

    /** Since when, how often, why, and when a scheduled sync may try again. */
    public record Refusal(Instant since, int refusals, String reason, Instant nextAttempt) {
    }

    private final Duration backoff;
    private final Duration backoffMax;
    private final Clock clock;
    private final MeterRegistry registry;
    private Refusal refusal;

    @Inject
    public Credentials(ConnectorConfig config, MeterRegistry registry) {
        this(config.credentialsBackoff(), config.credentialsBackoffMax(), Clock.systemUTC(), registry);
    }

    Credentials(Duration backoff, Duration backoffMax, Clock clock, MeterRegistry registry) {
        this.backoff = backoff;
        this.backoffMax = backoffMax;
        this.clock = clock;
        this.registry = registry;
        registry.gauge("vaxtrace.connector.openlmis.credentials.refused", this, c -> c.refusal().isPresent() ? 1 : 0);
    }

    /** OpenLMIS refused the credentials ({@code reason} says how): pause scheduled syncs, longer each time. */
    public void refused(String reason) {
        Refusal now;
        synchronized (this) {
            Instant at = clock.instant();
            int refusals = refusal == null ? 1 : refusal.refusals() + 1;
            now = new Refusal(refusal == null ? at : refusal.since(), refusals, reason, at.plus(pause(refusals)));
            refusal = now;
        }
        registry.counter("vaxtrace.connector.errors", "reason", "openlmis-credentials-refused").increment();
        if (now.refusals() == 1) {
            Log.errorf("OpenLMIS refuses the connector's credentials: %s. Scheduled syncs pause (next attempt at %s, then less and less "
                    + "often, up to every %s); fix OPENLMIS_CLIENT_ID/OPENLMIS_CLIENT_SECRET, OPENLMIS_USERNAME/OPENLMIS_PASSWORD or the "
                    + "account in OpenLMIS. The unfinished run keeps its place and resumes once they are accepted; POST /api/v1/sync tries "
                    + "at once", reason, now.nextAttempt(), backoffMax);
        } else {
            Log.warnf("OpenLMIS still refuses the connector's credentials (refusal %d since %s): %s; next scheduled attempt at %s",
                    now.refusals(), now.since(), reason, now.nextAttempt());
        }
    }

    /** OpenLMIS answered a call with a token: the credentials work (again). */
    public void accepted() {
        Refusal ended;
        synchronized (this) {
            ended = refusal;
            refusal = null;
        }
        if (ended != null) {
            Log.infof("OpenLMIS accepts the connector's credentials again, after %d s and %d refusals",
                    Duration.between(ended.since(), clock.instant()).toSeconds(), ended.refusals());
        }
    }

    public synchronized Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Whether a scheduled sync may call OpenLMIS now: always, unless the credentials were refused and the pause runs. */
    public synchronized boolean mayAttempt() {
        return refusal == null || !clock.instant().isBefore(refusal.nextAttempt());
    }

    private Duration pause(int refusals) {
        Duration pause = backoff;
        for (int i = 1; i < refusals && pause.compareTo(backoffMax) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(backoffMax) < 0 ? pause : backoffMax;
    }
}
