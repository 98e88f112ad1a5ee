package ng.vaxtrace.connector.sync;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/** Starts a sync on the configured schedule ({@code vaxtrace.connector.schedule}; {@code off} disables it). */
@ApplicationScoped
public class SyncSchedule {

    private final SyncService sync;

    public SyncSchedule(SyncService sync) {
        this.sync = sync;
    }

    @Scheduled(identity = "openlmis-sync", every = "${vaxtrace.connector.schedule:15m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        sync.start("schedule");
    }
}
