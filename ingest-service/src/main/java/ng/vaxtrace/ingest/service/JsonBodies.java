package ng.vaxtrace.ingest.service;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.http.ProblemException;

/**
 * Reading request bodies by the input contract (docs/input-contract.md): UTF-8, one strict JSON object, else a 400
 * problem saying why. Items of a batch must be objects too: anything else is refused by its index.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as one JSON object; a 400 problem when it is empty, not UTF-8, not strict JSON or not an object. */
    public static JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = EventJson.utf8Tree(body);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("the request body is not valid JSON", List.of(new FieldViolation("", e.getMessage())));
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.invalid(node == null ? "the request body is empty" : "the request body must be a JSON object",
                    List.of(new FieldViolation("", "is required: a JSON object")));
        }
        return node;
    }

    /** The items of {@code field} (a non-empty array of at most {@code max}), or a 400 problem naming the field. */
    public static JsonNode items(byte[] body, String field, int max) {
        JsonNode items = object(body).get(field);
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

    /** Null when {@code node} is a JSON object, else the violation naming it (e.g. {@code events[3]} for a batch item). */
    public static FieldViolation notAnObject(JsonNode node, String pathPrefix) {
        if (node != null && node.isObject()) {
            return null;
        }
        String field = pathPrefix.endsWith(".") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
        return new FieldViolation(field, "must be a JSON object");
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
