package ng.vaxtrace.stock.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Redis in readiness as a detail, never as a reason to be unready: without it reads are served uncached from
 * PostgreSQL and events are still applied (StockCache, OutboxRelay), so a Redis outage must not take every replica
 * out of service. Quarkus' own Redis check, which would, is off ({@code quarkus.redis.health.enabled=false}).
 */
@ApplicationScoped
public class CacheHealth {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;

    public CacheHealth(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Readiness
    AsyncHealthCheck cache() {
        return () -> redis.execute("PING").ifNoItem().after(PING_TIMEOUT).fail()
                .map(pong -> HealthCheckResponse.named("Redis cache").up().withData("redis", "reachable").build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("Redis cache").up()
                        .withData("redis", "unreachable, serving uncached from PostgreSQL: " + e).build());
    }
}
