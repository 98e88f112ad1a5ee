package ng.vaxtrace.connector.sync;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import ng.vaxtrace.connector.client.Credentials;

/**
 * Starts a sync on the configured schedule ({@code vaxtrace.connector.schedule}; {@code off} disables it), except
 * while OpenLMIS refuses the credentials and their back-off runs ({@link Credentials}): trying again would only
 * hammer the token endpoint.
 */
@ApplicationScoped
public class SyncSchedule {

    private final SyncService sync;
    private final Credentials credentials;

    public SyncSchedule(SyncService sync, Credentials credentials) {
        this.sync = sync;
        this.credentials = credentials;
    }

    @Scheduled(identity = "openlmis-sync", every = "${vaxtrace.connector.schedule:15m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void tick() {
        if (!credentials.mayAttempt()) {
            Log.debugf("scheduled sync skipped: OpenLMIS refused the credentials; next attempt at %s",
                    credentials.refusal().map(Credentials.Refusal::nextAttempt).orElse(null));
            return;
        }
        sync.start("schedule");
    }
}
