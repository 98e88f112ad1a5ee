package ng.vaxtrace.stock.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** stock-service settings. */
@ConfigMapping(prefix = "vaxtrace.stock")
public interface StockConfig {

    /** Upper bound on how long a cached API response may live if an invalidation were lost. */
    @WithDefault("PT5M")
    Duration cacheTtl();

    /** How often the outbox sweep looks for rows a crash left unpublished (read by the scheduler). */
    @WithDefault("5s")
    String outboxSweepInterval();

    /** Outbox rows older than this are assumed orphaned by a crash and published by the sweep. */
    @WithDefault("PT2S")
    Duration outboxSweepAge();

    /** Most outbox rows published per sweep. */
    @WithDefault("500")
    int outboxSweepBatch();
}
