package ng.vaxtrace.ingest.guard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.http.ProblemException;

/**
 * Remembers in Redis which event ids reached Kafka (so a re-sent event is answered the same and not published
 * again) and what was answered to each {@code Idempotency-Key} (so a re-sent request gets the very same answer).
 * An event id is claimed as "pending" before publishing and only marked "accepted" after the broker's ack; the
 * short pending expiry means a crash in between costs at most a duplicate (which every consumer drops by id),
 * never a loss.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** What a claim found. */
    public enum Claim {
        /** First time: publish it. */
        NEW,
        /** Already in Kafka with the same content: answer "accepted" again, publish nothing. */
        ACCEPTED,
        /** Being published by another request right now. */
        IN_PROGRESS,
        /** The id was used for different content: refuse, never overwrite. */
        CONFLICT
    }

    /** An answer kept for an Idempotency-Key, with a hash of the request body it answered. */
    @RegisterForReflection
    public record StoredAnswer(String bodyHash, int status, String body) {
    }

    /** Idempotency-Key values: printable, no spaces, at most 128 characters. */
    public static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:/+=-]{8,128}$");
    private static final TypeReference<StoredAnswer> STORED_ANSWER = new TypeReference<>() {
    };
    private static final Duration PENDING = Duration.ofSeconds(30);
    private static final String PENDING_PREFIX = "pending:";
    private static final String ACCEPTED_PREFIX = "accepted:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;

    public IdempotencyStore(ReactiveRedisDataSource redis, IngestConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.ttl = config.idempotencyTtl();
    }

    /** Claims {@code eventId} for an event whose content hashes to {@code fingerprint}. */
    public Uni<Claim> claim(String eventId, String fingerprint) {
        return values.setGet(eventKey(eventId), PENDING_PREFIX + fingerprint, new SetArgs().nx().px(PENDING))
                .onFailure().transform(RedisKeys::unavailable)
                .map(previous -> {
                    if (previous == null) {
                        return Claim.NEW;
                    }
                    boolean sameContent = previous.endsWith(":" + fingerprint);
                    if (!sameContent) {
                        return Claim.CONFLICT;
                    }
                    return previous.startsWith(ACCEPTED_PREFIX) ? Claim.ACCEPTED : Claim.IN_PROGRESS;
                });
    }

    /** Marks a claimed event as durable in Kafka. */
    public Uni<Void> accepted(String eventId, String fingerprint) {
        return values.set(eventKey(eventId), ACCEPTED_PREFIX + fingerprint, new SetArgs().px(ttl))
                .onFailure().transform(RedisKeys::unavailable);
    }

    /** Gives a claim back when publishing failed, so a retry publishes; best effort (the claim expires anyway). */
    public Uni<Void> release(String eventId) {
        return keys.del(eventKey(eventId)).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * The answer kept for {@code key}, or null when there is none; a 422 problem when the key was used for another
     * body (a client bug that must not be papered over).
     */
    public Uni<StoredAnswer> answerFor(String client, String key, String bodyHash) {
        return values.get(requestKey(client, key))
                .onFailure().transform(RedisKeys::unavailable)
                .map(json -> {
                    if (json == null) {
                        return null;
                    }
                    StoredAnswer answer = EventJson.read(json, STORED_ANSWER);
                    if (!answer.bodyHash().equals(bodyHash)) {
                        throw new ProblemException(new Problem("https://docs.vaxtrace.ng/problems/idempotency-key-reused",
                                "Idempotency-Key reused", 422, "this Idempotency-Key was already used for a different request body",
                                List.of(new FieldViolation("Idempotency-Key", "must be new for every different request"))),
                                Map.of());
                    }
                    return answer;
                });
    }

    /** Keeps the answer given to {@code key}; the first answer wins. */
    public Uni<Void> keepAnswer(String client, String key, StoredAnswer answer) {
        return values.set(requestKey(client, key), EventJson.write(answer), new SetArgs().nx().px(ttl))
                .onFailure().transform(RedisKeys::unavailable);
    }

    private static String eventKey(String eventId) {
        return RedisKeys.PREFIX + "event:" + eventId;
    }

    private static String requestKey(String client, String key) {
        return RedisKeys.PREFIX + "request:" + client + ":" + key;
    }
}
