package ng.vaxtrace.alert.rest;

import ng.vaxtrace.http.ProblemException;

/** The {@code limit} parameter of the paged lists. */
final class Paging {

    static final int MAX_LIMIT = 500;

    private Paging() {
    }

    static int limit(String value) {
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "a whole number between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
