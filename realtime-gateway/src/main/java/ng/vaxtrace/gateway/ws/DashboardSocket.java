package ng.vaxtrace.gateway.ws;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.gateway.auth.RoomAccessPolicy;
import ng.vaxtrace.gateway.auth.UpgradeAuthentication;
import ng.vaxtrace.gateway.hub.OutFrame;
import ng.vaxtrace.gateway.hub.RoomHub;
import ng.vaxtrace.gateway.rooms.Room;
import ng.vaxtrace.security.Caller;

/**
 * The dashboard WebSocket (protocol v1, docs/websocket-protocol.md). Every frame to the client goes through the
 * connection's {@link Outbox}, so replies, snapshots and deltas keep one order and one bound. The callbacks run on
 * the connection's event loop (they never block), which is where the outbox then writes.
 */
@WebSocket(path = "/ws/v1")
public class DashboardSocket {

    /** More rooms than any dashboard view needs; bounds what one connection can ask of the hub. */
    static final int MAX_ROOMS_PER_CONNECTION = 64;
    /**
     * Largest client frame (characters). The transport reads frames up to 1 MiB + 64 KiB
     * ({@code quarkus.websockets-next.server.max-frame-size}), so an oversized one is read whole and answered with a
     * clean close 1009 rather than a reset connection.
     */
    static final int MAX_CLIENT_FRAME = 4096;
    /** Default and largest page of facility detail. */
    static final int PAGE_SIZE = 500;
    static final int MAX_PAGE_SIZE = 2000;

    private final Sessions sessions;
    private final RoomHub hub;
    private final RoomAccessPolicy access;

    public DashboardSocket(Sessions sessions, RoomHub hub, RoomAccessPolicy access) {
        this.sessions = sessions;
        this.hub = hub;
        this.access = access;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        // The upgrade check admitted only verified callers and left the caller and the token's expiry here.
        Caller caller = Objects.requireNonNull(connection.userData().get(UpgradeAuthentication.CALLER), "no caller");
        Session session = sessions.open(connection, caller, connection.userData().get(UpgradeAuthentication.TOKEN),
                connection.userData().get(UpgradeAuthentication.EXPIRES_AT));
        Log.debugf("connection %s opened for %s (%s, %s)", connection.id(), caller.actor(), caller.role().claimValue(),
                caller.scope().code());
        session.outbox.offer(OutFrame.control("connected", null, Map.of("connectionId", connection.id(), "protocol", "v1",
                "role", caller.role().claimValue(), "area", caller.scope().code())));
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(String text, WebSocketConnection connection) {
        Session session = sessions.get(connection);
        if (session == null) {
            return;
        }
        session.heard();
        if (text.length() > MAX_CLIENT_FRAME) {
            sessions.close(connection, new CloseReason(Sessions.CLOSE_TOO_BIG, "frame too large: client frames are at most "
                    + MAX_CLIENT_FRAME / 1024 + " KiB"), "too-big");
            return;
        }
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
        ClientFrame frame = read(text);
        if (frame == null) {
            return OutFrame.error("bad-frame", "frames are JSON objects: {\"action\":\"subscribe\",\"room\":\"state:NG-KN\"}");
        }
        if ("ping".equals(frame.action())) {
            return OutFrame.control("pong", null, null);
        }
        if (!"subscribe".equals(frame.action()) && !"unsubscribe".equals(frame.action()) && !"page".equals(frame.action())) {
            return OutFrame.error("unknown-action", "action must be subscribe, unsubscribe, page or ping");
        }
        Room room = Room.parse(frame.room(), frame.product(), frame.changes()).orElse(null);
        if (room == null) {
            return OutFrame.error("invalid-room", "room must be national, zone:<code>, state:<code>, lga:<code>, area:<code> or "
                    + "facility:<code> with known area codes (optionally ?product=<code>, ?changes=true or both, not contradicting the frame)");
        }
        if ("page".equals(frame.action())) {
            return page(session, room, frame);
        }
        if ("unsubscribe".equals(frame.action())) {
            session.rooms.remove(room.name());
            session.inHub(() -> {
                hub.unsubscribe(session.outbox, room.name());
                session.outbox.offer(OutFrame.control("unsubscribed", room.name(), null));
            });
            return null;
        }
        join(session, room, frame);
        return null;
    }

    /**
     * Checks the caller may join, then joins. The check answers at once except for a facility the gateway has not
     * seen (stock-service is asked, bounded); either way the rest runs on the connection's event loop.
     */
    private void join(Session session, Room room, ClientFrame frame) {
        access.refusal(session.caller, session.token, room).subscribe().with(
                refusal -> session.onLoop(() -> answer(session, joined(session, room, frame, refusal.orElse(null)))),
                failure -> session.onLoop(() -> {
                    Log.warnf(failure, "join of %s failed", room.name());
                    answer(session, OutFrame.error("forbidden", room.name(), "could not check access to " + room.name()
                            + " now; retry shortly"));
                }));
    }

    private OutFrame joined(Session session, Room room, ClientFrame frame, String refusal) {
        if (!sessions.isOpen(session)) {
            return null;
        }
        if (refusal != null) {
            return OutFrame.error("forbidden", room.name(), refusal);
        }
        if (!session.rooms.contains(room.name()) && session.rooms.size() >= MAX_ROOMS_PER_CONNECTION) {
            return OutFrame.error("too-many-rooms", "at most " + MAX_ROOMS_PER_CONNECTION + " rooms per connection");
        }
        if (!session.rooms.add(room.name())) {
            return OutFrame.error("already-subscribed", "already in " + room.name() + "; unsubscribe first to start again");
        }
        // The hub's lock is also taken by the fan-out of each event: joining waits for it on a worker thread, never on
        // the event loop, which keeps upgrades, other connections' frames and health checks moving during a storm.
        session.inHub(() -> {
            hub.subscribe(session.outbox, room, frame.epoch(), frame.seq());
            if (!sessions.isOpen(session)) {
                // Closed while joining: do not leave it in the room.
                hub.unsubscribe(session.outbox, room.name());
            }
        });
        return null;
    }

    /** A client frame, or null when the text is not a JSON object of that shape ({@code null}, an array, a number…). */
    private static ClientFrame read(String text) {
        try {
            JsonNode tree = EventJson.mapper().readTree(text);
            if (tree == null || !tree.isObject()) {
                return null;
            }
            return EventJson.mapper().treeToValue(tree, ClientFrame.class);
        } catch (Exception e) {
            return null;
        }
    }

    /** A page of a joined room's facility detail (stock entries or open alerts) after the client's cursor. */
    private OutFrame page(Session session, Room room, ClientFrame frame) {
        if (!session.rooms.contains(room.name())) {
            return OutFrame.error("not-subscribed", room.name(), "subscribe to " + room.name() + " before paging through it");
        }
        if (frame.of() != null && !"stock".equals(frame.of()) && !"alerts".equals(frame.of())) {
            return OutFrame.error("bad-frame", room.name(), "of must be stock or alerts");
        }
        int limit = frame.limit() == null ? PAGE_SIZE : frame.limit();
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            return OutFrame.error("bad-frame", room.name(), "limit must be between 1 and " + MAX_PAGE_SIZE);
        }
        session.inHub(() -> {
            if (!hub.page(session.outbox, room, frame.of(), frame.cursor(), limit)) {
                session.outbox.offer(OutFrame.error("not-subscribed", room.name(), room.name() + " is not open; subscribe again"));
            }
        });
        return null;
    }

    private static void answer(Session session, OutFrame reply) {
        if (reply != null) {
            session.outbox.offer(reply);
        }
    }
}
