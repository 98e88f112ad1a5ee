package ng.vaxtrace.gateway.ws;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.hub.RoomHub;

/**
 * The gateway's clocks, on threads of their own (never an event loop): one flushes the batched stock changes every
 * half batch interval; the other ticks the rooms' coalesced map, count and facility updates (a fraction of the rooms per
 * tick), closes idle connections and forgets rooms left empty beyond the resume window. Two, so that the coalesced
 * updates never delay a batch.
 */
@ApplicationScoped
public class Housekeeping {

    private final GatewayConfig config;
    private final RoomHub hub;
    private final Sessions sessions;
    private ScheduledExecutorService clock;
    private ScheduledExecutorService batchClock;

    public Housekeeping(GatewayConfig config, RoomHub hub, Sessions sessions) {
        this.config = config;
        this.hub = hub;
        this.sessions = sessions;
    }

    void start(@Observes StartupEvent event) {
        clock = clock("gateway-clock");
        batchClock = clock("gateway-batch-clock");
        // Each room flushes once a flush interval, a hundredth of them at each tick (RoomHub.tick).
        long tick = Math.max(1, config.mapFlushInterval().toNanos() / RoomHub.PHASES);
        clock.scheduleAtFixedRate(guarded(hub::tick), tick, tick, TimeUnit.NANOSECONDS);
        // Two ticks a batch interval: a quiet room's changes wait at most half of it (RoomHub.batchTick).
        long batch = Math.max(1, config.batchInterval().toNanos() / 2);
        batchClock.scheduleAtFixedRate(guarded(hub::batchTick), batch, batch, TimeUnit.NANOSECONDS);
        long idleCheck = Math.max(1000, Math.min(10_000, config.idleTimeout().toMillis() / 3));
        clock.scheduleWithFixedDelay(guarded(sessions::closeIdle), idleCheck, idleCheck, TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(guarded(hub::sweep), 10, 10, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (clock != null) {
            clock.shutdownNow();
            batchClock.shutdownNow();
        }
    }

    private static ScheduledExecutorService clock(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    // A failing task must not cancel its future runs.
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.errorf(e, "gateway housekeeping task failed");
            }
        };
    }
}
