package ng.vaxtrace.ingest.rest;

import java.util.List;
import java.util.Map;

import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;

/** A failure the client should see as a problem+json document with the given status and headers. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public static ProblemException unauthorized(String reason) {
        return new ProblemException(Problem.of(401, "Unauthorized", reason), Map.of("WWW-Authenticate", "VaxTrace-HMAC"));
    }

    public static ProblemException invalid(String detail, List<FieldViolation> errors) {
        return new ProblemException(Problem.invalid(detail, errors), Map.of());
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(Problem.of(503, "Service Unavailable", detail),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** True for failures on our side (5xx, or anything unexpected): the client did nothing wrong and may retry. */
    public static boolean isOurFault(Throwable failure) {
        return !(failure instanceof ProblemException p) || p.problem.status() >= 500;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
