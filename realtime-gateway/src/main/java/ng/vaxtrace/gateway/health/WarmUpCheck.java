package ng.vaxtrace.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import ng.vaxtrace.gateway.hub.RoomHub;
import ng.vaxtrace.gateway.warmup.WarmUp;

/**
 * Ready once the warm-up has completed the gateway's state (or it waited {@code warm-up.ready-after}): a Service
 * sends dashboards to an instance whose first snapshots are complete. Reads two flags, nothing more.
 */
@Readiness
@ApplicationScoped
public class WarmUpCheck implements HealthCheck {

    private final WarmUp warmUp;
    private final RoomHub hub;

    public WarmUpCheck(WarmUp warmUp, RoomHub hub) {
        this.warmUp = warmUp;
        this.hub = hub;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway warm-up").status(warmUp.ready()).withData("complete", hub.complete()).build();
    }
}
