package ng.vaxtrace.gateway.hub;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import ng.vaxtrace.contracts.EventJson;

/**
 * One server frame, serialised once and shared by every connection it goes to — as text, and as its UTF-8 bytes,
 * encoded once at the first write (a delta to 2,000 national dashboards used to be encoded 2,000 times: two thirds
 * of the gateway's allocation under load).
 */
public final class OutFrame {

    private final String event;
    private final String text;
    private final String coalesceKey;
    /** The UTF-8 bytes, made at the first write; a benign race (two threads may both encode, same result). */
    private volatile ByteBuf utf8;

    /**
     * @param event       its {@code event} name, for metrics
     * @param text        the JSON text sent
     * @param coalesceKey frames with the same key supersede each other while waiting in a slow connection's queue
     *                    (null: never dropped)
     */
    public OutFrame(String event, String text, String coalesceKey) {
        this.event = event;
        this.text = text;
        this.coalesceKey = coalesceKey;
    }

    public String event() {
        return event;
    }

    public String text() {
        return text;
    }

    public String coalesceKey() {
        return coalesceKey;
    }

    /**
     * The frame's UTF-8 bytes as a buffer of its own for one write (shared content, own read position). Netty's
     * release after the write does nothing: the content stays for the next connection and goes with the frame.
     */
    public ByteBuf utf8() {
        ByteBuf bytes = utf8;
        if (bytes == null) {
            bytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
            utf8 = bytes;
        }
        return bytes.duplicate();
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
