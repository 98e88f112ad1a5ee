package ng.vaxtrace.stock.outcome;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Outcome metrics (docs/outcome-metrics.md): the monthly rollup and what counts as reporting on time. */
@ConfigMapping(prefix = "vaxtrace.stock.outcomes")
public interface OutcomeConfig {

    /** Refresh the current and the previous month's rollup on the schedule below (off in tests, which trigger it). */
    @WithDefault("true")
    boolean refreshEnabled();

    /**
     * When to refresh, a Quartz cron in Africa/Lagos time (read by the scheduler). Default: daily at 02:15, after the
     * daily metrics recompute, so yesterday's figures are in and late events of the previous month are picked up.
     */
    @WithDefault("0 15 2 * * ?")
    String refreshCron();

    /** Pairs read and written per page of the rollup (one short statement each). */
    @WithDefault("2000")
    int pageSize();

    /**
     * A facility reported a month on time when VaxTrace received a physical count of that month by the end of this
     * day (Africa/Lagos) of the following month.
     */
    @WithDefault("5")
    int reportingDeadlineDay();
}
