package ng.vaxtrace.contracts;

/** One invalid field, named by its JSON path (for example {@code lot.expiry}), with a reason a person can act on. */
public record FieldViolation(String field, String message) {
}
