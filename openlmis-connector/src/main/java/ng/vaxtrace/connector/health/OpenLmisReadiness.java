package ng.vaxtrace.connector.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.connector.client.OpenLmisClient;
import ng.vaxtrace.connector.config.ConnectorConfig;

/**
 * Ready only while OpenLMIS answers and the circuit breaker in front of it is not open: a non-blocking probe of the
 * gateway (any HTTP answer counts), outside the breaker and the rate limit so checking never trips them.
 */
@Readiness
@ApplicationScoped
public class OpenLmisReadiness implements AsyncHealthCheck {

    private final OpenLmisClient client;
    private final ConnectorConfig config;

    public OpenLmisReadiness(OpenLmisClient client, ConnectorConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        CircuitBreakerState breaker = client.breakerState();
        return client.reachable().map(reachable -> HealthCheckResponse.named("OpenLMIS")
                .status(reachable && breaker != CircuitBreakerState.OPEN)
                .withData("url", config.openlmisUrl())
                .withData("reachable", reachable)
                .withData("circuitBreaker", breaker.name())
                .build());
    }
}
