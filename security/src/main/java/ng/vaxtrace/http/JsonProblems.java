package ng.vaxtrace.http;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;

/** Jackson's reading errors as the field a person can fix, named by its JSON path ({@code lots[2].lot.expiry}). */
public final class JsonProblems {

    private JsonProblems() {
    }

    /**
     * A reading error as the JSON path of the bad field, prefixed by {@code pathPrefix} (e.g. {@code events[3].});
     * {@code what} names the document.
     */
    public static FieldViolation violation(JsonProcessingException e, String pathPrefix, String what) {
        String path = EventJson.path(e);
        String field = path.isEmpty() ? pathPrefix : pathPrefix + (path.startsWith("[") || pathPrefix.isEmpty()
                || pathPrefix.endsWith(".") ? "" : ".") + path;
        String message = e instanceof UnrecognizedPropertyException ? "is not a field of " + what
                : "has the wrong type or format: " + e.getOriginalMessage();
        return new FieldViolation(field, message);
    }

    /** A 400 problem for a body Jackson could not read: the field when it is known, else the parser's reason. */
    public static ProblemException invalidBody(JsonProcessingException e) {
        FieldViolation violation = violation(e, "", "this request");
        if (!violation.field().isEmpty()) {
            return ProblemException.invalid("the request body is invalid", List.of(violation));
        }
        return ProblemException.invalid("the request body is not valid JSON", List.of(new FieldViolation("", e.getOriginalMessage())));
    }
}
