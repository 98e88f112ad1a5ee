package ng.vaxtrace.gateway.ws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import ng.vaxtrace.gateway.auth.BearerToken;
import ng.vaxtrace.security.Caller;

/** One open dashboard connection: who it is, its send queue, its rooms and when it was last heard from. */
final class Session {

    final WebSocketConnection connection;
    final Caller caller;
    /** The caller's token (null if the identity carried none), relayed to stock-service to place a facility. */
    final BearerToken token;
    final Outbox outbox;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();
    volatile long lastHeardNanos = System.nanoTime();
    /** Set once the server decided to close it, so it is closed (and counted) once. */
    final AtomicBoolean closing = new AtomicBoolean();
    /** Cancels the timer that closes the connection when its token expires. */
    volatile Runnable cancelExpiry = () -> {
    };

    /** Where the connection's joins, leaves and pages run, after its earlier ones (and everyone else's). */
    private final HubTasks hubTasks;

    /** The connection's event loop: its callbacks run there, and so does what follows an answer from elsewhere. */
    private final Context context;
    private final Thread loopThread;

    Session(WebSocketConnection connection, Caller caller, BearerToken token, Outbox outbox, Context context, HubTasks hubTasks) {
        this.connection = connection;
        this.hubTasks = hubTasks;
        this.caller = caller;
        this.token = token;
        this.outbox = outbox;
        this.context = context;
        this.loopThread = Thread.currentThread();
    }

    /** Runs the task on the connection's event loop: now if already there, else queued to it. */
    void onLoop(Runnable task) {
        if (Thread.currentThread() == loopThread) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /** Runs a task touching the hub after the connection's earlier ones, off the event loop. */
    void inHub(Runnable task) {
        hubTasks.submit(task);
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }
}
