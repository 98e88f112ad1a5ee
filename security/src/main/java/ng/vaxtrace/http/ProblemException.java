package ng.vaxtrace.http;

import java.util.List;
import java.util.Map;

import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;

/** A failure the client should see as a problem+json document, with the status and headers it needs. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    /** 400 naming one bad field. */
    public static ProblemException invalid(String field, String message) {
        return invalid("invalid " + field, List.of(new FieldViolation(field, message)));
    }

    /** 400 naming every bad field. */
    public static ProblemException invalid(String detail, List<FieldViolation> errors) {
        return new ProblemException(Problem.invalid(detail, errors));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not Found", detail));
    }

    /** 401 with the challenge of the scheme the caller must use. */
    public static ProblemException unauthorized(String reason, String challenge) {
        return new ProblemException(Problem.of(401, "Unauthorized", reason), Map.of("WWW-Authenticate", challenge));
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
