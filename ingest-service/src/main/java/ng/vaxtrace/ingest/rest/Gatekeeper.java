package ng.vaxtrace.ingest.rest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.ingest.auth.RequestAuthenticator;
import ng.vaxtrace.ingest.auth.RequestSignature;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.ingest.guard.IdempotencyStore;
import ng.vaxtrace.ingest.guard.IdempotencyStore.StoredAnswer;
import ng.vaxtrace.ingest.guard.RateLimiter;
import ng.vaxtrace.ingest.guard.ReplayGuard;
import ng.vaxtrace.ingest.service.Submission;

/**
 * The checks every write goes through, in this order: body size (413), signature (401), the client's rate limit
 * (429), a kept answer for a re-sent Idempotency-Key (returned as it was), single use of the signature (401), then
 * the work. A request that failed on our side (503) gives its signature back so the device can retry it as it is.
 */
@ApplicationScoped
public class Gatekeeper {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final IngestConfig config;
    private final RequestAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final ReplayGuard replayGuard;
    private final IdempotencyStore idempotency;

    public Gatekeeper(IngestConfig config, RequestAuthenticator authenticator, RateLimiter rateLimiter, ReplayGuard replayGuard,
            IdempotencyStore idempotency) {
        this.config = config;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.replayGuard = replayGuard;
        this.idempotency = idempotency;
    }

    /** Runs {@code work} (given the authenticated client id) once the request passed every check. */
    public Uni<Response> admit(HttpServerRequest request, byte[] body, Function<String, Uni<Response>> work) {
        if (body.length > config.maxBodySize().asLongValue()) {
            throw BodySizeFilter.tooLarge(config.maxBodySize().asLongValue());
        }
        String client = authenticator.authenticate(request, body);
        String signature = request.getHeader(RequestSignature.SIGNATURE_HEADER);
        String key = idempotencyKey(request);
        String bodyHash = Submission.sha256(body);
        return rateLimiter.admit(client)
                .flatMap(x -> key == null ? Uni.createFrom().<StoredAnswer>nullItem() : idempotency.answerFor(client, key, bodyHash))
                .flatMap(kept -> kept != null ? Uni.createFrom().item(replay(kept))
                        : replayGuard.claim(client, signature)
                                .flatMap(x -> work.apply(client))
                                .call(response -> key == null ? Uni.createFrom().voidItem()
                                        : idempotency.keepAnswer(client, key, new StoredAnswer(bodyHash, response.getStatus(),
                                                (String) response.getEntity())))
                                .onFailure(ProblemException::isOurFault).call(() -> replayGuard.release(client, signature)));
    }

    /** A JSON answer, serialised here so that a kept answer is replayed byte for byte. */
    public static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(EventJson.write(entity)).build();
    }

    private static Response replay(StoredAnswer kept) {
        return Response.status(kept.status()).type(MediaType.APPLICATION_JSON).entity(kept.body())
                .header("Idempotent-Replayed", "true").build();
    }

    private static String idempotencyKey(HttpServerRequest request) {
        String key = request.getHeader(IDEMPOTENCY_KEY);
        if (key != null && !IdempotencyStore.KEY.matcher(key).matches()) {
            throw new ProblemException(Problem.invalid("the Idempotency-Key header is malformed",
                    List.of(new FieldViolation(IDEMPOTENCY_KEY, "must be 8-128 letters, digits or ._:/+=- (a UUID is best)"))),
                    Map.of());
        }
        return key;
    }
}
