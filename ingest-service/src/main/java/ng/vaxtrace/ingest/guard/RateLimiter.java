package ng.vaxtrace.ingest.guard;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.http.ProblemException;

/**
 * Per-client fixed-window rate limit, counted in Redis so that every ingest instance shares one budget. Counted after
 * authentication only: nobody can spend another client's budget by sending its id.
 */
@ApplicationScoped
public class RateLimiter {

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final IngestConfig config;
    private final Clock clock;

    public RateLimiter(ReactiveRedisDataSource redis, IngestConfig config, Clock clock) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.config = config;
        this.clock = clock;
    }

    /** Counts one request of {@code client}; fails with a 429 problem (and Retry-After) once the window's budget is spent. */
    public Uni<Void> admit(String client) {
        long windowMillis = config.rateLimit().window().toMillis();
        long now = clock.millis();
        long windowStart = now - Math.floorMod(now, windowMillis);
        String key = RedisKeys.PREFIX + "rate:" + client + ":" + windowStart;
        int limit = limitOf(client);
        return counters.incr(key)
                .call(count -> count == 1 ? keys.pexpire(key, Duration.ofMillis(windowMillis + 1000)) : Uni.createFrom().voidItem())
                .onFailure().transform(RedisKeys::unavailable)
                .invoke(count -> {
                    if (count > limit) {
                        long retryAfter = Math.max(1, (windowStart + windowMillis - now + 999) / 1000);
                        throw new ProblemException(Problem.of(429, "Too Many Requests", "client '" + client + "' may send "
                                + limit + " requests per " + config.rateLimit().window() + "; retry after " + retryAfter + " s"),
                                Map.of("Retry-After", Long.toString(retryAfter)));
                    }
                })
                .replaceWithVoid();
    }

    private int limitOf(String client) {
        IngestConfig.Client configured = config.clients().get(client);
        return configured == null ? config.rateLimit().requests() : configured.rateLimit().orElse(config.rateLimit().requests());
    }
}
