package ng.vaxtrace.gateway.ws;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A frame to a dashboard: {@code event} names it ({@code connected}, {@code subscribed}, {@code unsubscribed},
 * {@code pong}, {@code stock:update}, {@code error}); {@code room} says which subscription it belongs to;
 * {@code id} is the id of the Kafka event it carries, so a client can drop a duplicate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerFrame(String event, String room, String id, Object data) {

    public static ServerFrame error(String code, String message) {
        return new ServerFrame("error", null, null, new ErrorData(code, message));
    }

    public record ErrorData(String code, String message) {
    }
}
