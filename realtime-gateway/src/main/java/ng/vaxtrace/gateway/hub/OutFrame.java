package ng.vaxtrace.gateway.hub;

import ng.vaxtrace.contracts.EventJson;

/**
 * One server frame, serialised once and shared by every connection it goes to.
 *
 * @param event       its {@code event} name, for metrics
 * @param text        the JSON text sent
 * @param coalesceKey frames with the same key supersede each other while waiting in a slow connection's queue
 *                    (null: never dropped)
 */
public record OutFrame(String event, String text, String coalesceKey) {

    /** A frame of a room's stream: {@code {"event","room","seq","id"?,"data"}}, with {@code data} already JSON. */
    public static OutFrame room(String event, String room, long seq, String id, String dataJson, String coalesceKey) {
        StringBuilder text = new StringBuilder(dataJson.length() + 128)
                .append("{\"event\":\"").append(event).append("\",\"room\":\"").append(room).append("\",\"seq\":").append(seq);
        if (id != null) {
            text.append(",\"id\":").append(EventJson.write(id));
        }
        text.append(",\"data\":").append(dataJson).append('}');
        return new OutFrame(event, text.toString(), coalesceKey);
    }

    /** A frame outside any room's stream (connected, pong, error, subscribed…). */
    public static OutFrame control(String event, String room, Object data) {
        return new OutFrame(event, EventJson.write(new ControlFrame(event, room, data)), null);
    }

    public static OutFrame error(String code, String message) {
        return error(code, null, message);
    }

    /** An error about one room (a refused join names the room it refuses). */
    public static OutFrame error(String code, String room, String message) {
        return control("error", room, new ErrorData(code, message));
    }

    /** Serialised shape of a control frame. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ControlFrame(String event, String room, Object data) {
    }

    public record ErrorData(String code, String message) {
    }
}
