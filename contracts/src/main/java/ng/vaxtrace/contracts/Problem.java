package ng.vaxtrace.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem document ({@code application/problem+json}), the error body of every VaxTrace API.
 * {@code errors} names each invalid field when the problem is a validation failure.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldViolation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public static Problem invalid(String detail, List<FieldViolation> errors) {
        return new Problem("https://docs.vaxtrace.ng/problems/validation", "Invalid request", 400, detail, errors);
    }
}
