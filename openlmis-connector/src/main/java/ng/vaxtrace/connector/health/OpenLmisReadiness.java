package ng.vaxtrace.connector.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import ng.vaxtrace.connector.client.Credentials;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.connector.client.OpenLmisClient;
import ng.vaxtrace.connector.config.ConnectorConfig;

/**
 * Ready only while OpenLMIS answers, the circuit breaker in front of it is not open and OpenLMIS accepts the
 * connector's credentials: a non-blocking probe of the gateway (any HTTP answer counts), outside the breaker and the
 * rate limit so checking never trips them. A refusal is reported with its reason, since when, and the next attempt.
 */
@Readiness
@ApplicationScoped
public class OpenLmisReadiness implements AsyncHealthCheck {

    private final OpenLmisClient client;
    private final Credentials credentials;
    private final ConnectorConfig config;

    public OpenLmisReadiness(OpenLmisClient client, Credentials credentials, ConnectorConfig config) {
        this.client = client;
        this.credentials = credentials;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        CircuitBreakerState breaker = client.breakerState();
        var refusal = credentials.refusal();
        return client.reachable().map(reachable -> {
            var health = HealthCheckResponse.named("OpenLMIS")
                    .status(reachable && breaker != CircuitBreakerState.OPEN && refusal.isEmpty())
                    .withData("url", config.openlmisUrl())
                    .withData("reachable", reachable)
                    .withData("circuitBreaker", breaker.name())
                    .withData("credentials", refusal.isEmpty() ? "ACCEPTED" : "REFUSED");
            refusal.ifPresent(r -> health.withData("credentialsRefusedSince", r.since().toString())
                    .withData("credentialsRefusals", r.refusals())
                    .withData("credentialsError", r.reason())
                    .withData("nextAttempt", r.nextAttempt().toString()));
            return health.build();
        });
    }
}
