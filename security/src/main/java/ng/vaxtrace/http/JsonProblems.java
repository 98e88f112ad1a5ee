package ng.vaxtrace.http;

import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import ng.vaxtrace.contracts.FieldViolation;

/** Jackson's reading errors as the field a person can fix, named by its JSON path ({@code lots[2].lot.expiry}). */
public final class JsonProblems {

    private JsonProblems() {
    }

    /**
     * A reading error as the JSON path of the bad field, prefixed by {@code pathPrefix}; {@code what} names the
     * document. A number too large for its field fails in the parser, not in mapping: its path is the parser's.
     */
    public static FieldViolation violation(JsonProcessingException e, String pathPrefix, String what) {
        if (e instanceof JsonMappingException m) {
            return violation(m, pathPrefix, what);
        }
        StringBuilder path = new StringBuilder(pathPrefix);
        if (e.getProcessor() instanceof JsonParser parser) {
            for (JsonPointer p = parser.getParsingContext().pathAsPointer(); !p.matches(); p = p.tail()) {
                if (p.getMatchingIndex() >= 0) {
                    path.append('[').append(p.getMatchingIndex()).append(']');
                } else {
                    if (path.length() > 0 && path.charAt(path.length() - 1) != '.') {
                        path.append('.');
                    }
                    path.append(p.getMatchingProperty());
                }
            }
        }
        return new FieldViolation(path.toString(), "has the wrong type or format: " + e.getOriginalMessage());
    }

    /** A mapping error as the JSON path of the bad field, prefixed by {@code pathPrefix}; {@code what} names the document. */
    public static FieldViolation violation(JsonMappingException e, String pathPrefix, String what) {
        StringBuilder path = new StringBuilder(pathPrefix);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0 && path.charAt(path.length() - 1) != '.') {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String message = e instanceof UnrecognizedPropertyException ? "is not a field of " + what
                : "has the wrong type or format: " + e.getOriginalMessage();
        return new FieldViolation(path.toString(), message);
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
