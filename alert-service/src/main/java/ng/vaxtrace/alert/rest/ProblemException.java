package ng.vaxtrace.alert.rest;

import java.util.List;

import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;

/** A failure the client should see as a problem+json document. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.invalid("invalid " + field, List.of(new FieldViolation(field, message))));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not Found", detail));
    }

    public Problem problem() {
        return problem;
    }
}
