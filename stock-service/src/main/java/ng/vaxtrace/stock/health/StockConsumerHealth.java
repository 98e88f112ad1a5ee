package ng.vaxtrace.stock.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import ng.vaxtrace.stock.messaging.StockEventConsumer;
import ng.vaxtrace.stock.messaging.StockEventConsumer.WorkerState;

/**
 * The stock-events consumers in health: liveness fails only when a consumer thread has stopped coming round its loop
 * (wedged: a restart helps); a backlog never fails it. Readiness says whether every consumer is applying events
 * (not restarting, not waiting for the database; paused by an operator counts as ready), with the lag as a detail.
 */
@ApplicationScoped
public class StockConsumerHealth {

    private final StockEventConsumer consumer;

    public StockConsumerHealth(StockEventConsumer consumer) {
        this.consumer = consumer;
    }

    @Liveness
    HealthCheck consumersNotWedged() {
        return () -> {
            HealthCheckResponseBuilder response = details(HealthCheckResponse.named("stock-events consumers alive"));
            long limit = consumer.wedgedAfter().toMillis();
            boolean wedged = consumer.states().stream().anyMatch(s -> !"stopped".equals(s.state()) && s.sinceLastLoopMillis() > limit);
            return response.status(!wedged).build();
        };
    }

    @Readiness
    HealthCheck consumersApplying() {
        return () -> {
            HealthCheckResponseBuilder response = details(HealthCheckResponse.named("stock-events consumers"));
            List<WorkerState> states = consumer.states();
            // Paused by an operator is a decision, not a fault: the service still answers its reads.
            boolean applying = !consumer.enabled() || (!states.isEmpty()
                    && states.stream().allMatch(s -> "consuming".equals(s.state()) || "paused".equals(s.state())));
            return response.withData("lag", consumer.totalLag()).withData("paused", consumer.pausedByOperator()).status(applying).build();
        };
    }

    private HealthCheckResponseBuilder details(HealthCheckResponseBuilder response) {
        for (WorkerState s : consumer.states()) {
            response.withData("consumer-" + s.number(), s.state() + ", " + s.partitions() + " partitions, last loop " + s.sinceLastLoopMillis() + " ms ago");
        }
        return response;
    }
}
