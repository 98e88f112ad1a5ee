package ng.vaxtrace.alert.sweep;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.alert.messaging.AlertOutboxRelay;
import ng.vaxtrace.alert.service.AlertEngine;

/** Runs the rules that only the passing of time can trigger (expiry windows, reporting gaps) on a schedule. */
@ApplicationScoped
public class TimeRules {

    private final AlertEngine engine;
    private final AlertOutboxRelay relay;

    public TimeRules(AlertEngine engine, AlertOutboxRelay relay) {
        this.engine = engine;
        this.relay = relay;
    }

    @Scheduled(every = "${vaxtrace.alert.sweep-interval:15m}", delayed = "${vaxtrace.alert.sweep-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        return engine.sweep()
                .invoke(changes -> {
                    if (!changes.isEmpty()) {
                        Log.infof("time rules made %d alert transitions", changes.size());
                    }
                })
                .flatMap(relay::deliver)
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("time rules sweep failed, will retry at the next run: %s", e.toString());
                    return Uni.createFrom().voidItem();
                });
    }
}
