package ng.vaxtrace.ingest.service;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.http.ProblemException;

/** Reading request bodies: a 400 problem when the body is not JSON, and Jackson's errors turned into field names. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as one JSON document; a 400 problem when it is not JSON at all. */
    public static JsonNode tree(byte[] body) {
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ProblemException.invalid("the request body is empty", List.of(new FieldViolation("", "is required")));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("the request body is not valid JSON",
                    List.of(new FieldViolation("", e.getOriginalMessage())));
        } catch (IOException e) {
            throw ProblemException.invalid("the request body could not be read", List.of());
        }
    }

    /** The items of {@code field} (a non-empty array of at most {@code max}), or a 400 problem naming the field. */
    public static JsonNode items(byte[] body, String field, int max) {
        JsonNode items = tree(body).get(field);
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw ProblemException.invalid("a batch is {\"" + field + "\": [ ... ]} with at least one item",
                    List.of(new FieldViolation(field, "is required: a non-empty array")));
        }
        if (items.size() > max) {
            throw ProblemException.invalid("too many items in one batch",
                    List.of(new FieldViolation(field, "must hold at most " + max + " items")));
        }
        return items;
    }

    /** A Jackson mapping error as the JSON path of the bad field, prefixed by {@code pathPrefix}. */
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

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Prefixes the field names of {@code errors}, e.g. with {@code events[3].}. */
    public static List<FieldViolation> prefixed(String pathPrefix, List<FieldViolation> errors) {
        return errors.stream().map(v -> new FieldViolation(pathPrefix + v.field(), v.message())).toList();
    }
}
