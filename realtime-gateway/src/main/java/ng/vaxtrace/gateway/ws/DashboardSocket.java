package ng.vaxtrace.gateway.ws;

import java.util.Map;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.gateway.rooms.Room;
import ng.vaxtrace.gateway.rooms.RoomRegistry;

/** The dashboard WebSocket (protocol v1, see docs/websocket-protocol.md): subscribe to rooms, receive live updates. */
@WebSocket(path = "/ws/v1")
public class DashboardSocket {

    private final RoomRegistry rooms;

    public DashboardSocket(RoomRegistry rooms) {
        this.rooms = rooms;
    }

    @OnOpen
    public String onOpen(WebSocketConnection connection) {
        Log.debugf("connection %s opened", connection.id());
        return frame(new ServerFrame("connected", null, null, Map.of("connectionId", connection.id(), "protocol", "v1")));
    }

    @OnTextMessage
    public String onMessage(String text, WebSocketConnection connection) {
        ClientFrame frame;
        try {
            frame = EventJson.mapper().readValue(text, ClientFrame.class);
        } catch (Exception e) {
            return frame(ServerFrame.error("bad-frame", "frames are JSON: {\"action\":\"subscribe\",\"room\":\"facility:<code>\"}"));
        }
        if ("ping".equals(frame.action())) {
            return frame(new ServerFrame("pong", null, null, null));
        }
        if (!"subscribe".equals(frame.action()) && !"unsubscribe".equals(frame.action())) {
            return frame(ServerFrame.error("unknown-action", "action must be subscribe, unsubscribe or ping"));
        }
        Room room = Room.parse(frame.room()).orElse(null);
        if (room == null) {
            return frame(ServerFrame.error("invalid-room", "room must look like facility:<facility code>"));
        }
        if ("subscribe".equals(frame.action())) {
            rooms.join(room, connection);
            return frame(new ServerFrame("subscribed", room.name(), null, null));
        }
        rooms.leave(room, connection);
        return frame(new ServerFrame("unsubscribed", room.name(), null, null));
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        rooms.leaveAll(connection);
    }

    static String frame(ServerFrame frame) {
        return EventJson.write(frame);
    }
}
