package ng.vaxtrace.http;

import java.time.Duration;
import java.time.Period;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import ng.vaxtrace.contracts.InputLimits;

/**
 * The plausible ranges of the input contract (docs/input-contract.md), the same in every service: ingest refuses an
 * event outside them with a 400, stock-service refuses it again when it arrives from Kafka.
 */
@ConfigMapping(prefix = "vaxtrace.input")
public interface InputContractConfig {

    /** Oldest an event's time may be (a device may sync after being offline this long). */
    @WithDefault("P365D")
    Duration maxEventAge();

    /** How far ahead of the server's clock an event's time may be (field clocks drift). */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** How far from the event's day a lot's expiry may lie, either way. */
    @WithDefault("P10Y")
    Period lotExpiryHorizon();

    /** Most doses one event may move or count (the published schema's hard bound is 1,000,000,000). */
    @WithDefault("50000000")
    long maxQuantity();

    /** The limits as the contracts' validators take them. */
    @Singleton
    final class Producer {
        @Produces
        @Singleton
        InputLimits limits(InputContractConfig config) {
            return new InputLimits(config.maxEventAge(), config.maxClockSkew(), config.lotExpiryHorizon(), config.maxQuantity());
        }
    }
}
