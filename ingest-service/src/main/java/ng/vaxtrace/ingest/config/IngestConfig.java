package ng.vaxtrace.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the ingest front door. Client secrets come from configuration only, never from the code. */
@ConfigMapping(prefix = "vaxtrace.ingest")
public interface IngestConfig {

    /** How far a request's signed timestamp may be from our clock before it is refused as a possible replay. */
    @WithDefault("PT5M")
    Duration replayWindow();

    /** Most events accepted in one batch request. */
    @WithDefault("500")
    int maxBatchSize();

    /** Largest request body; larger ones get a 413 problem (the HTTP layer's own limit sits above it). */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** How long an accepted event id (and an Idempotency-Key's answer) is remembered, so re-sends change nothing. */
    @WithDefault("P1D")
    Duration idempotencyTtl();

    /** Requests per client per window, unless the client sets its own. */
    RateLimit rateLimit();

    /** Signing clients by id (the value of the X-VaxTrace-Client header). */
    Map<String, Client> clients();

    /** How OpenLMIS ids in OpenLMIS-format stock events map to VaxTrace codes (ingest keeps no reference data). */
    OpenLmis openlmis();

    interface RateLimit {
        /** Requests one client may make in one window (fixed window, counted in Redis across instances). */
        @WithDefault("1200")
        int requests();

        /** Length of the fixed window. */
        @WithDefault("PT1M")
        Duration window();
    }

    interface OpenLmis {
        /** Facility UUID → facility code. */
        Map<String, String> facilities();

        /** Orderable UUID → product code. */
        Map<String, String> orderables();

        /** Lot UUID → {@code <lot code>@<expiry YYYY-MM-DD>} (our events carry the expiry; OpenLMIS events do not). */
        Map<String, String> lots();

        /**
         * Stock-card line-item reason UUID → {@code <event type>[:<REASON>][:credit|debit]}, e.g. {@code consumption},
         * {@code discard:EXPIRED}, {@code adjustment:LOST:debit}.
         */
        Map<String, String> reasons();

        /** Valid source/destination node UUID → the other facility's code (a transfer's counterparty); optional. */
        Map<String, String> nodes();
    }

    interface Client {
        /** Active HMAC secrets; two during a rotation, the old one removed once every device has the new one. */
        List<String> secrets();

        /** This client's requests per window, overriding {@code rate-limit.requests} (a gateway may need more). */
        Optional<Integer> rateLimit();
    }
}
