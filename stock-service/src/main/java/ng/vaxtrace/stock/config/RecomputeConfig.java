package ng.vaxtrace.stock.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The daily recompute of every facility × product's metrics (ledger/DailyRecompute, docs/stock-apply.md): silent
 * facilities' stock-out days, AMC and status age at midnight Africa/Lagos as if they had reported.
 */
@ConfigMapping(prefix = "vaxtrace.stock.recompute")
public interface RecomputeConfig {

    /**
     * Run the scheduled recompute (off in tests, which trigger it through the admin endpoint). Every replica checks;
     * the first to claim the day runs it.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often a replica checks whether today's (Lagos) recompute still has to run, so it runs within this long after
     * midnight, and after an outage as soon as a replica is up (read by the scheduler).
     */
    @WithDefault("5m")
    String checkInterval();

    /** Pairs read, computed and written per page (one short transaction each, so batches never wait long on its locks). */
    @WithDefault("2000")
    int pageSize();

    /** A claim not renewed for this long is taken to belong to a replica that died; another replica takes the day over. */
    @WithDefault("PT10M")
    Duration staleClaim();
}
