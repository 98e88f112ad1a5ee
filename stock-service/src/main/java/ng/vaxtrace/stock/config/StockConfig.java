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

    /** Fault injection for crash tests; never set in production. */
    Faults faults();

    interface Faults {
        /** Halt the JVM right after a ledger transaction committed, before its change is published. */
        @WithDefault("false")
        boolean haltAfterCommit();

        /** With halt-after-commit: halt only after the batch holding this event id committed (others pass normally). */
        java.util.Optional<String> haltAfterEvent();
    }

    /** Min/max months of stock per supply-chain tier (defaults: domain.md placeholders, to be set per programme). */
    Levels levels();

    /** What to load at start-up: areas, the real stores, products; synthetic health facilities only for demos. */
    Seed seed();

    interface Levels {
        Tier national();

        Tier zone();

        Tier state();

        Tier lga();

        Tier healthFacility();
    }

    interface Tier {
        /** Below this many months of stock the status is BELOW_MIN. */
        double minMonths();

        /** Above this many months of stock the status is ABOVE_MAX. */
        double maxMonths();
    }

    interface Seed {
        /** Load the areas, the 818 stores and the product catalogue when missing. */
        @WithDefault("true")
        boolean enabled();

        /** Synthetic health facilities per LGA from the generator (0 in production: real ones come from OpenLMIS). */
        @WithDefault("0")
        int syntheticFacilitiesPerLga();

        /** Seed of the synthetic-data generator. */
        @WithDefault("2026")
        long syntheticSeed();
    }
}
