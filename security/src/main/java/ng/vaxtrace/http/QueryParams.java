package ng.vaxtrace.http;

/**
 * Query parameters read by hand, so that a malformed one is a 400 naming it (JAX-RS would answer 404 for a typed
 * parameter it cannot convert).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A page size: a whole number from 1 to {@code max}, else a 400 problem naming {@code field}. */
    public static int limit(String field, String value, int max) {
        // ASCII digits only: Integer.parseInt would take "+5" and full-width "１０" too.
        int limit = value != null && value.matches("[0-9]{1,9}") ? Integer.parseInt(value) : -1;
        if (limit < 1 || limit > max) {
            throw ProblemException.invalid(field, "must be a whole number between 1 and " + max);
        }
        return limit;
    }
}
