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

    /**
     * Longest a Redis command of the cache may take: then a read is served uncached and an invalidation is remembered
     * and replayed (an unreachable Redis, as in a network partition, refuses nothing: it never answers).
     */
    @WithDefault("PT0.5S")
    Duration cacheTimeout();

    /** How often the outbox sweep looks for rows a crash left unpublished (read by the scheduler). */
    @WithDefault("5s")
    String outboxSweepInterval();

    /** Outbox rows older than this are assumed orphaned by a crash and published by the sweep. */
    @WithDefault("PT2S")
    Duration outboxSweepAge();

    /** Most outbox rows published per sweep (a row holds one applied batch's changes: up to max-poll-records). */
    @WithDefault("20")
    int outboxSweepBatch();

    /** How stock events are consumed from Kafka (docs/stock-consumer.md explains the choices). */
    Consumer consumer();

    interface Consumer {
        /** Consume at all (off only for tools that use the service's API without its Kafka input). */
        @WithDefault("true")
        boolean enabled();

        /** The stock-events topic. */
        @WithDefault("vaxtrace.stock.events.v1")
        String topic();

        /** The consumer group: every replica shares it, so each partition is applied by one consumer at a time. */
        @WithDefault("stock-service")
        String groupId();

        /**
         * Consumer threads per replica, each with its own Kafka consumer and database connection; more than the
         * topic's partitions (6) would idle.
         */
        @WithDefault("3")
        int threads();

        /** Most records one poll returns, i.e. the largest batch applied in one transaction. */
        @WithDefault("1000")
        int maxPollRecords();

        /** Longest one batch may take in the database before it counts as failed and is retried. */
        @WithDefault("PT60S")
        Duration applyTimeout();

        /** Liveness goes DOWN when a consumer thread has not come round its loop for this long: it is wedged. */
        @WithDefault("PT3M")
        Duration wedgedAfter();

        /** Longest pause between retries while the database is unreachable (the wait starts at 200 ms and doubles). */
        @WithDefault("PT5S")
        Duration maxRetryBackoff();
    }

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
