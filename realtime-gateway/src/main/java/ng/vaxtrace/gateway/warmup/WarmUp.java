package ng.vaxtrace.gateway.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.gateway.client.CurrentState;
import ng.vaxtrace.gateway.client.ServiceToken;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.hub.RoomHub;
import ng.vaxtrace.gateway.messaging.StreamPositions;

/**
 * Completes the gateway's state at start: once both topics are positioned ({@link StreamPositions}), reads the
 * current levels and open alerts ({@link CurrentState}) and lays them under what the stream has told since
 * ({@link RoomHub#warm}). A failed read (a service down at start) is retried every {@code retry-interval} until it
 * succeeds; until then snapshots say {@code "complete":false}, and readiness waits at most {@code ready-after}.
 */
@ApplicationScoped
public class WarmUp {

    private final GatewayConfig config;
    private final CurrentState current;
    private final ServiceToken identity;
    private final StreamPositions positions;
    private final RoomHub hub;
    private final Vertx vertx;
    private final Timer duration;
    private final long startedNanos = System.nanoTime();
    private volatile boolean skipped;

    public WarmUp(GatewayConfig config, CurrentState current, ServiceToken identity, StreamPositions positions, RoomHub hub,
            Vertx vertx, MeterRegistry metrics) {
        this.config = config;
        this.current = current;
        this.identity = identity;
        this.positions = positions;
        this.hub = hub;
        this.vertx = vertx;
        this.duration = metrics.timer("vaxtrace_gateway_warm_up_seconds");
    }

    void start(@Observes StartupEvent start) {
        if (!config.warmUp().enabled() || !current.stockConfigured()) {
            skipped = true;
            Log.warn("warm-up is off (vaxtrace.gateway.warm-up.enabled=false or no vaxtrace.gateway.stock-url): snapshots hold only "
                    + "what was consumed since the start");
            return;
        }
        Uni.createFrom().completionStage(positions::both).subscribe().with(positioned -> attempt(1),
                failure -> Log.errorf(failure, "warm-up: topics never positioned"));
    }

    /** Ready: warmed up, warm-up off, or waited long enough (then snapshots say they are incomplete). */
    public boolean ready() {
        return skipped || hub.complete() || System.nanoTime() - startedNanos > config.warmUp().readyAfter().toNanos();
    }

    private void attempt(int attempt) {
        long began = System.nanoTime();
        Log.infof("warm-up attempt %d: reading the current state, %d ms after the JVM started", attempt,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        long[] readNanos = new long[3]; // levels read, alerts read, levels indexed (since began)
        // Levels and alerts at the same time (two services, neither waits for the other); the levels are indexed as
        // soon as they are read, while the alerts may still be coming.
        identity.token()
                .flatMap(token -> Uni.combine().all().unis(
                        current.levels(token).map(levels -> {
                            readNanos[0] = System.nanoTime() - began;
                            RoomHub.ReadLevels indexed = hub.read(levels);
                            readNanos[2] = System.nanoTime() - began;
                            return indexed;
                        }),
                        (current.alertsConfigured() ? current.openAlerts(token) : Uni.createFrom().item(List.<Alert>of()))
                                .invoke(alerts -> readNanos[1] = System.nanoTime() - began)).asTuple())
                .subscribe().with(read -> {
                    hub.warm(read.getItem1(), read.getItem2());
                    long took = System.nanoTime() - began;
                    duration.record(took, TimeUnit.NANOSECONDS);
                    Log.infof("warm-up done in %d ms (attempt %d): %d levels read in %d ms and indexed by %d ms, %d open alerts read"
                            + " in %d ms", took / 1_000_000, attempt, read.getItem1().size(), readNanos[0] / 1_000_000, readNanos[2] / 1_000_000,
                            read.getItem2().size(), readNanos[1] / 1_000_000);
                }, failure -> {
                    Duration retry = config.warmUp().retryInterval();
                    Log.warnf("warm-up attempt %d failed (%s); retrying in %d s", attempt, failure.getMessage(), retry.toSeconds());
                    vertx.setTimer(Math.max(1, retry.toMillis()), id -> attempt(attempt + 1));
                });
    }
}
