package ng.vaxtrace.contracts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The CloudEvents 1.0 envelope of every Kafka record we publish (structured JSON mode). {@code id} is globally unique
 * and is the idempotency key of every consumer; {@code subject} is the facility code (or fridge/alert id).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String dataschema,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    /** Content type header value of a structured-mode CloudEvent on Kafka. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public static <T> CloudEvent<T> of(String id, String source, String type, String subject, Instant time, T data) {
        return new CloudEvent<>(SPEC_VERSION, id, source, type, subject, time, JSON, EventTypes.schemaUri(type), data);
    }
}
