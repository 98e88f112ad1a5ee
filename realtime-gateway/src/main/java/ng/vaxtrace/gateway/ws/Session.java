package ng.vaxtrace.gateway.ws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.websockets.next.WebSocketConnection;
import ng.vaxtrace.security.Caller;

/** One open dashboard connection: who it is, its send queue, its rooms and when it was last heard from. */
final class Session {

    final WebSocketConnection connection;
    final Caller caller;
    final Outbox outbox;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    volatile long lastHeardNanos = System.nanoTime();
    /** Set once the server decided to close it, so it is closed (and counted) once. */
    final AtomicBoolean closing = new AtomicBoolean();
    /** Cancels the timer that closes the connection when its token expires. */
    volatile Runnable cancelExpiry = () -> {
    };

    Session(WebSocketConnection connection, Caller caller, Outbox outbox) {
        this.connection = connection;
        this.caller = caller;
        this.outbox = outbox;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }
}
