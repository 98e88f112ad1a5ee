package ng.vaxtrace.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the dashboard fan-out: buffers and limits (see the module README for the table). */
@ConfigMapping(prefix = "vaxtrace.gateway")
public interface GatewayConfig {

    /** Frames kept per room for resume; a client further behind gets a fresh snapshot. */
    @WithDefault("512")
    int roomBufferSize();

    /** How long a room with no members keeps its sequence and buffer, so a reconnecting client can resume. */
    @WithDefault("2m")
    Duration resumeWindow();

    /** Most stock entries and most alerts a snapshot carries; beyond that it says {@code truncated}. */
    @WithDefault("5000")
    int snapshotMaxItems();

    /** How often coalesced {@code map:update} / {@code facility:update} / {@code aggregate:update} frames are flushed per room. */
    @WithDefault("1s")
    Duration mapFlushInterval();

    /**
     * The stock changes of national, zone and state rooms that follow them ({@code ?changes=true}) are sent as one
     * {@code stock:batch} frame every half interval, every interval for a busy room (more than 8 changes in its last
     * frame): the latency added for those rooms, traded for a bounded frame rate instead of one frame per change to
     * each member.
     */
    @WithDefault("50ms")
    Duration batchInterval();

    /** A connection that sent nothing (frame or pong) for this long is closed with 4408. */
    @WithDefault("90s")
    Duration idleTimeout();

    /** Event ids remembered to drop redeliveries. */
    @WithDefault("20000")
    int rememberedEventIds();

    /**
     * stock-service's base URL ({@code http://stock-service:8082}), asked with the caller's own token where a facility
     * lies when the gateway has not seen it yet. Absent: such facilities are refused to non-national callers.
     */
    Optional<String> stockUrl();

    /** How long that question may take before the join is refused (retry). */
    @WithDefault("3s")
    Duration stockTimeout();

    /** alert-service's base URL ({@code http://alert-service:8083}), read at warm-up for the open alerts. */
    Optional<String> alertUrl();

    /** The warm-up: current levels and open alerts read at start, so snapshots are complete from the first join. */
    WarmUp warmUp();

    /** The gateway's own identity towards stock-service and alert-service for the warm-up reads. */
    ServiceIdentity serviceIdentity();

    interface WarmUp {
        /** Read the current state at start (off: snapshots hold only what was consumed since the start). */
        @WithDefault("true")
        boolean enabled();

        /** Bound on each warm-up request. */
        @WithDefault("10s")
        Duration timeout();

        /** Wait before reading again after a failed warm-up (a service down at start); retried until it succeeds. */
        @WithDefault("15s")
        Duration retryInterval();

        /** Readiness waits for the warm-up at most this long after start, then reports ready with incomplete snapshots. */
        @WithDefault("30s")
        Duration readyAfter();
    }

    interface ServiceIdentity {
        /**
         * Local run and tests only: the development issuer's key directory ({@code private.pem}, {@code public.pem});
         * the gateway signs its own short-lived service token with it. Refused in prod, where the OIDC client
         * ({@code quarkus.oidc-client.*}, client-credentials grant) obtains the token.
         */
        Optional<String> devIssuerDir();
    }

    /** The per-connection send queue. */
    Send send();

    interface Send {
        /** Frames handed to the socket and not yet written; beyond this, frames wait in the queue. */
        @WithDefault("64")
        int maxInFlight();

        /** Frames waiting (after coalescing) before the connection is closed as too slow (4429). */
        @WithDefault("1024")
        int maxQueued();

        /**
         * Bytes (UTF-8) of the frames waiting or in flight before the connection is closed as too slow (4429): bounds
         * one connection's memory whatever the frame sizes.
         */
        @WithDefault("4194304")
        long maxQueuedBytes();
    }
}
