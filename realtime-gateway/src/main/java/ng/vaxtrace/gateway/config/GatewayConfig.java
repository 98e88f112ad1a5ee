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

    /** How often coalesced {@code map:update} / {@code facility:update} frames are flushed per room. */
    @WithDefault("1s")
    Duration mapFlushInterval();

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

    /** The per-connection send queue. */
    Send send();

    interface Send {
        /** Frames handed to the socket and not yet written; beyond this, frames wait in the queue. */
        @WithDefault("64")
        int maxInFlight();

        /** Frames waiting (after coalescing) before the connection is closed as too slow (4429). */
        @WithDefault("1024")
        int maxQueued();
    }
}
