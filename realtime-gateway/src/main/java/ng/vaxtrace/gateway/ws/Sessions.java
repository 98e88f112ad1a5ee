package ng.vaxtrace.gateway.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import ng.vaxtrace.gateway.auth.BearerToken;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.hub.OutFrame;
import ng.vaxtrace.gateway.hub.RoomHub;
import ng.vaxtrace.security.Caller;

/** The open connections of this instance, their send queues, and how they end (with metrics for each). */
@ApplicationScoped
public class Sessions {

    /** Close codes of the protocol (4000–4999 are the application's). */
    public static final int CLOSE_TOKEN_EXPIRED = 4401;
    public static final int CLOSE_IDLE = 4408;
    public static final int CLOSE_TOO_SLOW = 4429;
    /** A client frame over the protocol's limit (RFC 6455 "message too big"). */
    public static final int CLOSE_TOO_BIG = 1009;
    /**
     * How long before the token's {@code exp} the connection is closed with 4401: ahead of Quarkus's own close (1008
     * at {@code exp}), so a client always sees the one code that means "reconnect with a fresh token".
     */
    static final long EXPIRY_LEAD_MILLIS = 1000;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Counter> sentByEvent = new ConcurrentHashMap<>();
    private final GatewayConfig config;
    private final RoomHub hub;
    private final MeterRegistry metrics;
    private final HubTasks hubTasks;
    private final Counter opened;
    private final Counter coalesced;

    public Sessions(GatewayConfig config, RoomHub hub, MeterRegistry metrics, HubTasks hubTasks) {
        this.config = config;
        this.hubTasks = hubTasks;
        this.hub = hub;
        this.metrics = metrics;
        this.opened = metrics.counter("vaxtrace_gateway_connections_opened_total");
        this.coalesced = metrics.counter("vaxtrace_gateway_frames_coalesced_total");
        metrics.gaugeMapSize("vaxtrace_gateway_connections", java.util.List.of(), sessions);
    }

    /**
     * Called on the connection's event loop (its {@code @OnOpen}); every write of the connection will run there.
     *
     * @param token     the caller's access token, or null
     * @param expiresAt the token's {@code exp} (epoch seconds), or null when it has none
     */
    Session open(WebSocketConnection connection, Caller caller, BearerToken token, Long expiresAt) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            throw new IllegalStateException("a connection must be opened on its event loop");
        }
        Executor loop = task -> context.runOnContext(v -> task.run());
        Outbox outbox = new Outbox(connection.id(),
                (frame, done) -> FrameWriter.write(connection, frame, done), loop,
                config.send().maxInFlight(), config.send().maxQueued(), config.send().maxQueuedBytes(),
                reason -> close(connection, new CloseReason(CLOSE_TOO_SLOW, reason), "slow"),
                this::sent, coalesced::increment);
        Session session = new Session(connection, caller, token, outbox, context, hubTasks);
        sessions.put(connection.id(), session);
        opened.increment();
        if (expiresAt != null) {
            long delay = Math.max(1, expiresAt * 1000 - EXPIRY_LEAD_MILLIS - System.currentTimeMillis());
            Vertx vertx = context.owner();
            long timer = vertx.setTimer(delay, id -> close(connection,
                    new CloseReason(CLOSE_TOKEN_EXPIRED, "token expired: reconnect with a fresh token"), "expired"));
            session.cancelExpiry = () -> vertx.cancelTimer(timer);
        }
        return session;
    }

    Session get(WebSocketConnection connection) {
        return sessions.get(connection.id());
    }

    /** Is the session still open (not yet {@link #closed})? */
    boolean isOpen(Session session) {
        return sessions.get(session.connection.id()) == session;
    }

    /** The connection is gone (closed by either side): leave its rooms, drop its queue. */
    void closed(WebSocketConnection connection) {
        Session session = sessions.remove(connection.id());
        if (session != null) {
            session.cancelExpiry.run();
            session.outbox.close();
            session.inHub(() -> session.rooms.forEach(room -> hub.unsubscribe(session.outbox, room)));
            CloseReason reason = connection.closeReason();
            metrics.counter("vaxtrace_gateway_connections_closed_total", "code",
                    String.valueOf(reason == null ? CloseReason.ABNORMAL.getCode() : reason.getCode())).increment();
        }
    }

    /** Closes connections not heard from (no frame, no pong) within the idle timeout. */
    public void closeIdle() {
        long cutoff = System.nanoTime() - config.idleTimeout().toNanos();
        for (Session session : sessions.values()) {
            if (session.lastHeardNanos - cutoff < 0) {
                close(session.connection, new CloseReason(CLOSE_IDLE, "idle timeout: nothing received for "
                        + config.idleTimeout().toSeconds() + " s"), "idle");
            }
        }
    }

    public int count() {
        return sessions.size();
    }

    void close(WebSocketConnection connection, CloseReason reason, String why) {
        Session session = sessions.get(connection.id());
        if (session == null || !session.closing.compareAndSet(false, true)) {
            return;
        }
        Log.infof("closing connection %s: %s", connection.id(), reason.getMessage());
        metrics.counter("vaxtrace_gateway_disconnects_total", "reason", why).increment();
        session.outbox.close();
        connection.close(reason).subscribe().with(ok -> {
        }, failure -> Log.debugf("close of %s failed: %s", connection.id(), failure.toString()));
    }

    private void sent(OutFrame frame) {
        sentByEvent.computeIfAbsent(frame.event(),
                event -> metrics.counter("vaxtrace_gateway_frames_sent_total", "event", event)).increment();
    }
}
