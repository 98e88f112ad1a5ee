package ng.vaxtrace.alert.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import ng.vaxtrace.alert.rules.RuleSettings;

/** alert-service settings ({@code vaxtrace.alert.*}); defaults and their sources are in application.properties. */
@ConfigMapping(prefix = "vaxtrace.alert")
public interface AlertConfig {

    Rules rules();

    /** How long processed event ids are kept for deduplication (longer than any redelivery). */
    Duration processedRetention();

    /** How often the time rules (expiry windows, reporting gaps) run, and their delay after start-up (scheduler syntax). */
    String sweepInterval();

    String sweepDelay();

    /** How often the outbox is swept for rows a crash left behind. */
    String outboxSweepInterval();

    /** How long fridge readings are kept (the history excursion runs are measured on; well above the longest run). */
    Duration readingRetention();

    /** Redistribution suggestions (docs/redistribution.md). */
    Redistribution redistribution();

    interface Redistribution {
        /** How often the suggestions for all of Nigeria are recomputed from the stored levels (scheduler syntax). */
        @WithDefault("60s")
        String interval();

        /** Smallest transfer worth a trip, in doses; smaller surpluses and needs are left out. */
        @WithDefault("20")
        long minimumDoses();

        /**
         * Seed and health facilities per LGA of nigeria-data's synthetic facilities whose coordinates are known here:
         * keep them equal to stock-service's {@code vaxtrace.stock.seed.*}. Other facilities are placed at their
         * LGA's centre.
         */
        @WithDefault("2026")
        long syntheticSeed();

        @WithDefault("0")
        int syntheticFacilitiesPerLga();

        /**
         * Most suggestion changes published per plan (withdrawals first, then the most urgent); the rest follow with
         * the next plans. Bounds the burst every national dashboard receives (the gateway closes a connection with more
         * than 1,024 frames waiting) and the transaction; all of Nigeria's first publication (~100,000) spreads over
         * the first hours.
         */
        @WithDefault("1000")
        int maxPublishedPerRun();
    }

    interface Rules {
        int leadTimeDays();

        int safetyMarginDays();

        List<Integer> expiryWindowsDays();

        double heatLimitCelsius();

        Duration heatMinDuration();

        double freezeLimitCelsius();

        Duration freezeMinDuration();

        int reportingGapDays();
    }

    default RuleSettings settings() {
        Rules r = rules();
        return new RuleSettings(r.leadTimeDays(), r.safetyMarginDays(),
                r.expiryWindowsDays().stream().mapToInt(Integer::intValue).toArray(), r.heatLimitCelsius(), r.heatMinDuration(),
                r.freezeLimitCelsius(), r.freezeMinDuration(), r.reportingGapDays());
    }
}
