package ng.vaxtrace.ingest.guard;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.ingest.auth.RequestSignature;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.http.ProblemException;

/**
 * Makes a signed request usable once: its signature is remembered for as long as its timestamp is acceptable, so a
 * captured request replayed inside the window is refused. A request that was not accepted because of our side
 * (Kafka or Redis away) gives its signature back, so the device may retry the very same request.
 */
@ApplicationScoped
public class ReplayGuard {

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration remember;

    public ReplayGuard(ReactiveRedisDataSource redis, IngestConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        // Both sides of the window, plus a second for rounding: after that the timestamp check refuses it anyway.
        this.remember = config.replayWindow().multipliedBy(2).plusSeconds(1);
    }

    /** Claims the signature; fails with a 401 problem when this exact signed request was seen already. */
    public Uni<Void> claim(String client, String signature) {
        // SET NX GET (Redis 7): one round trip, the key and its expiry set together.
        return values.setGet(key(client, signature), "1", new SetArgs().nx().px(remember))
                .onFailure().transform(RedisKeys::unavailable)
                .invoke(previous -> {
                    if (previous != null) {
                        throw ProblemException.unauthorized("this signed request was already received (a replay?); "
                                + "sign every request, retries too, with a fresh timestamp", RequestSignature.CHALLENGE);
                    }
                })
                .replaceWithVoid();
    }

    /** Gives a claimed signature back after a failure on our side; best effort. */
    public Uni<Void> release(String client, String signature) {
        return keys.del(key(client, signature)).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static String key(String client, String signature) {
        return RedisKeys.PREFIX + "sig:" + client + ":" + signature.strip();
    }
}
