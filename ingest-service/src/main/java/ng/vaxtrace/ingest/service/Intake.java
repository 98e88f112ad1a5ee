package ng.vaxtrace.ingest.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.ingest.guard.IdempotencyStore;
import ng.vaxtrace.ingest.guard.IdempotencyStore.Claim;
import ng.vaxtrace.ingest.messaging.EventPublisher;
import ng.vaxtrace.ingest.model.BatchResult;
import ng.vaxtrace.http.ProblemException;

/**
 * Accepts submissions exactly once each: every valid item's id is claimed in Redis, new ones are published in the
 * order given (so one facility's events keep their order) and marked accepted only after the broker's ack. An id
 * already accepted with the same content is answered "accepted" again and not published twice.
 */
@ApplicationScoped
public class Intake {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    private static final int RETRY_AFTER_SECONDS = 5;

    private final IdempotencyStore idempotency;
    private final EventPublisher publisher;

    public Intake(IdempotencyStore idempotency, EventPublisher publisher) {
        this.idempotency = idempotency;
        this.publisher = publisher;
    }

    /**
     * The outcome of every item, in order. Fails with a 503 problem when Kafka did not acknowledge some new item:
     * those items are released so that re-sending the request publishes them (and only them).
     */
    public Uni<List<BatchResult.Item>> accept(List<Submission> items) {
        Log.debugf("accepting %d items", items.size());
        List<Uni<Claim>> claims = items.stream()
                .map(item -> item.isValid() ? idempotency.claim(item.eventId(), item.fingerprint()) : Uni.createFrom().<Claim>nullItem())
                .toList();
        return Uni.join().all(claims).andFailFast()
                .flatMap(found -> publishNew(items, found).replaceWith(() -> outcomes(items, found)));
    }

    private Uni<Void> publishNew(List<Submission> items, List<Claim> claims) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (claims.get(i) == Claim.NEW) {
                Submission item = items.get(i);
                sends.add(publisher.publish(item.event())
                        .onFailure().call(() -> idempotency.release(item.eventId()))
                        .call(() -> idempotency.accepted(item.eventId(), item.fingerprint())));
            }
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // join subscribes in list order, and the producer keeps that order per partition; every send is awaited
        // (no fail-fast) so that no claim is left pending behind the answer.
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid()
                .onFailure().transform(Intake::unavailable);
    }

    private static List<BatchResult.Item> outcomes(List<Submission> items, List<Claim> claims) {
        List<BatchResult.Item> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Submission item = items.get(i);
            List<FieldViolation> errors = !item.isValid() ? item.errors() : switch (claims.get(i)) {
                case NEW, ACCEPTED -> List.of();
                case IN_PROGRESS -> List.of(new FieldViolation("eventId", "is being accepted by another request right now; re-send later"));
                case CONFLICT -> List.of(new FieldViolation("eventId", "was already used for a different event; every event needs its own id"));
            };
            results.add(new BatchResult.Item(i, item.eventId(), errors.isEmpty() ? ACCEPTED : REJECTED, errors));
        }
        return results;
    }

    private static Throwable unavailable(Throwable failure) {
        List<Throwable> causes = failure instanceof CompositeException c ? c.getCauses() : List.of(failure);
        for (Throwable cause : causes) {
            if (cause instanceof ProblemException) {
                return cause; // Redis trouble, already explained
            }
        }
        Log.warnf("Kafka did not acknowledge: %s", causes.get(0).toString());
        return ProblemException.unavailable("the event store (Kafka) did not acknowledge; retry later (what was stored is not stored twice)",
                RETRY_AFTER_SECONDS);
    }
}
