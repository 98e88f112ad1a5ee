package ng.vaxtrace.gateway.hub;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import ng.vaxtrace.contracts.EventJson;

/**
 * One server frame, serialised once and shared by every connection it goes to, held as its UTF-8 bytes: encoded once
 * here, not once per recipient (a delta to 2,000 national dashboards was encoded 2,000 times, two thirds of the
 * gateway's allocation under load), and no second copy as a {@code String} in room buffers and cached snapshots.
 */
public final class OutFrame {

    private final String event;
    private final String coalesceKey;
    /** The UTF-8 bytes; Netty's release after a write does nothing, so every connection can write them. */
    private final ByteBuf utf8;

    /**
     * @param event       its {@code event} name, for metrics
     * @param text        the JSON text sent
     * @param coalesceKey frames with the same key supersede each other while waiting in a slow connection's queue
     *                    (null: never dropped)
     */
    public OutFrame(String event, String text, String coalesceKey) {
        this.event = event;
        this.coalesceKey = coalesceKey;
        this.utf8 = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    public String event() {
        return event;
    }

    /** The JSON text (decoded again: for the rare write that cannot take the bytes, and for tests). */
    public String text() {
        return utf8.toString(StandardCharsets.UTF_8);
    }

    /** Its size in bytes, what a connection's queue bound counts. */
    public int size() {
        return utf8.readableBytes();
    }

    public String coalesceKey() {
        return coalesceKey;
    }

    /** The frame's bytes as a buffer of its own for one write (shared content, its own read position). */
    public ByteBuf utf8() {
        return utf8.duplicate();
    }

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
