package ng.vaxtrace.gateway.ws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.websockets.next.WebSocketConnection;
import ng.vaxtrace.gateway.auth.GatewayPrincipal;

/** One open dashboard connection: who it is, its send queue, its rooms and when it was last heard from. */
final class Session {

    final WebSocketConnection connection;
    final GatewayPrincipal principal;
    final Outbox outbox;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    volatile long lastHeardNanos = System.nanoTime();
    /** Set once the server decided to close it, so it is closed (and counted) once. */
    final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    Session(WebSocketConnection connection, GatewayPrincipal principal, Outbox outbox) {
        this.connection = connection;
        this.principal = principal;
        this.outbox = outbox;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }
}
