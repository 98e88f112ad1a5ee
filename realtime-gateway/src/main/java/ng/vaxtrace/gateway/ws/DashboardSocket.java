package ng.vaxtrace.gateway.ws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.gateway.auth.GatewayPrincipal;
import ng.vaxtrace.gateway.auth.RoomAccessPolicy;
import ng.vaxtrace.gateway.auth.TokenAuthenticator;
import ng.vaxtrace.gateway.auth.UpgradeAuthentication;
import ng.vaxtrace.gateway.hub.OutFrame;
import ng.vaxtrace.gateway.hub.RoomHub;
import ng.vaxtrace.gateway.rooms.Room;

/**
 * The dashboard WebSocket (protocol v1, docs/websocket-protocol.md). Every frame to the client goes through the
 * connection's {@link Outbox}, so replies, snapshots and deltas keep one order and one bound. The callbacks run on
 * the connection's event loop (they never block), which is where the outbox then writes.
 */
@WebSocket(path = "/ws/v1")
public class DashboardSocket {

    /** More rooms than any dashboard view needs; bounds what one connection can ask of the hub. */
    static final int MAX_ROOMS_PER_CONNECTION = 64;

    private final Sessions sessions;
    private final RoomHub hub;
    private final TokenAuthenticator authenticator;
    private final RoomAccessPolicy access;

    public DashboardSocket(Sessions sessions, RoomHub hub, TokenAuthenticator authenticator, RoomAccessPolicy access) {
        this.sessions = sessions;
        this.hub = hub;
        this.authenticator = authenticator;
        this.access = access;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        // The upgrade check admitted this token already; resolve it again for the principal (cheap, no state shared).
        String token = UpgradeAuthentication.token(connection.handshakeRequest().header("Authorization"),
                queryParam(connection.handshakeRequest().query(), "access_token"));
        GatewayPrincipal principal = authenticator.authenticate(token).orElse(GatewayPrincipal.ANONYMOUS);
        Session session = sessions.open(connection, principal);
        Log.debugf("connection %s opened for %s", connection.id(), principal.name());
        session.outbox.offer(OutFrame.control("connected", null, Map.of("connectionId", connection.id(), "protocol", "v1")));
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(String text, WebSocketConnection connection) {
        Session session = sessions.get(connection);
        if (session == null) {
            return;
        }
        session.heard();
        OutFrame reply = handle(text, session);
        if (reply != null) {
            session.outbox.offer(reply);
        }
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(Buffer data, WebSocketConnection connection) {
        Session session = sessions.get(connection);
        if (session != null) {
            session.heard();
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection);
    }

    private OutFrame handle(String text, Session session) {
        ClientFrame frame;
        try {
            frame = EventJson.mapper().readValue(text, ClientFrame.class);
        } catch (Exception e) {
            return OutFrame.error("bad-frame", "frames are JSON objects: {\"action\":\"subscribe\",\"room\":\"state:NG-KN\"}");
        }
        if ("ping".equals(frame.action())) {
            return OutFrame.control("pong", null, null);
        }
        if (!"subscribe".equals(frame.action()) && !"unsubscribe".equals(frame.action())) {
            return OutFrame.error("unknown-action", "action must be subscribe, unsubscribe or ping");
        }
        Room room = Room.parse(frame.room(), frame.product()).orElse(null);
        if (room == null) {
            return OutFrame.error("invalid-room", "room must be national, zone:<code>, state:<code>, lga:<code>, area:<code> or "
                    + "facility:<code> with known area codes (optionally product=<code>)");
        }
        if ("unsubscribe".equals(frame.action())) {
            session.rooms.remove(room.name());
            hub.unsubscribe(session.outbox, room.name());
            return OutFrame.control("unsubscribed", room.name(), null);
        }
        if (!access.mayJoin(session.principal, room)) {
            return OutFrame.error("forbidden-room", "not allowed to watch " + room.name());
        }
        if (!session.rooms.contains(room.name()) && session.rooms.size() >= MAX_ROOMS_PER_CONNECTION) {
            return OutFrame.error("too-many-rooms", "at most " + MAX_ROOMS_PER_CONNECTION + " rooms per connection");
        }
        if (!session.rooms.add(room.name())) {
            return OutFrame.error("already-subscribed", "already in " + room.name() + "; unsubscribe first to start again");
        }
        hub.subscribe(session.outbox, room, frame.epoch(), frame.seq());
        return null;
    }

    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
