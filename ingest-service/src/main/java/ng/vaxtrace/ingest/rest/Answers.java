package ng.vaxtrace.ingest.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.ingest.model.Accepted;
import ng.vaxtrace.ingest.model.BatchResult;
import ng.vaxtrace.ingest.service.Intake;
import ng.vaxtrace.ingest.service.Submission;

/** How outcomes become HTTP answers, the same for every kind of submission. */
final class Answers {

    private Answers() {
    }

    /** Refuses an invalid single item with a 400 problem listing every bad field. */
    static Submission requireValid(Submission item, String what) {
        if (!item.isValid()) {
            throw ProblemException.invalid("the " + what + " is invalid", item.errors());
        }
        return item;
    }

    /** 202 for an accepted single item; 409 when its id is taken by different content or by a request in flight. */
    static Response single(BatchResult.Item outcome) {
        if (Intake.ACCEPTED.equals(outcome.status())) {
            return Gatekeeper.json(202, Accepted.of(outcome.eventId()));
        }
        throw new ProblemException(new Problem("https://docs.vaxtrace.ng/problems/duplicate-id", "Conflict", 409,
                outcome.errors().get(0).message(), outcome.errors()), Map.of("Retry-After", "1"));
    }

    /** 202 when every item was accepted, 207 when some were, 400 when none were. */
    static Response batch(List<BatchResult.Item> results) {
        int accepted = (int) results.stream().filter(r -> Intake.ACCEPTED.equals(r.status())).count();
        int rejected = results.size() - accepted;
        int status = rejected == 0 ? 202 : accepted == 0 ? 400 : 207;
        return Gatekeeper.json(status, new BatchResult(accepted, rejected, results));
    }
}
