package ng.vaxtrace.connector.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import ng.vaxtrace.contracts.FacilityTier;

/** openlmis-connector settings. */
@ConfigMapping(prefix = "vaxtrace.connector")
public interface ConnectorConfig {

    /** Base URL of the OpenLMIS gateway; every API path is below {@code <url>/api}. */
    String openlmisUrl();

    /** Which grant authenticates: {@code default} (password grant) or {@code client-credentials} (a service token). */
    @WithDefault("default")
    String authClient();

    /** Credentials for openlmis-auth's token endpoint. */
    Auth auth();

    /** Code of the immunisation program whose stock is pulled: {@code PRG004} is EPI in a standard OpenLMIS v3. */
    @WithDefault("PRG004")
    String programCode();

    /**
     * How long a run waits for OpenLMIS to come back from an outage (5xx, timeouts, refused connections, open breaker)
     * before it fails; counted from the first failure of the outage, reset by the next success. The run stays RUNNING
     * meanwhile and carries on from the facility it was reading.
     */
    @WithDefault("10m")
    java.time.Duration outageBudget();

    /** Longest pause between two attempts during an outage (pauses double from 1 s up to this). */
    @WithDefault("30s")
    java.time.Duration outageMaxPause();

    /**
     * How long scheduled syncs pause after OpenLMIS refused the connector's credentials (the token endpoint refused
     * them, or the API answered 401 to a freshly issued token): doubled with every further refusal, up to
     * {@link #credentialsBackoffMax()}. A sync an administrator starts is tried at once.
     */
    @WithDefault("5m")
    java.time.Duration credentialsBackoff();

    /** Longest pause between two scheduled attempts while OpenLMIS keeps refusing the credentials. */
    @WithDefault("1h")
    java.time.Duration credentialsBackoffMax();

    /**
     * Whether a changed stock card's line items are read (one request per changed card) to publish its receipts,
     * issues and adjustments as movements before the count; off: the count alone.
     */
    @WithDefault("true")
    boolean readLineItems();

    /** Page size of the stock card summaries, sent explicitly (OpenLMIS would otherwise return everything in one page). */
    @WithDefault("100")
    int pageSize();

    /** Page size of the reference-data lists (zones, facilities, orderables, lots): long lists, cheap items. */
    @WithDefault("500")
    int referencePageSize();

    /**
     * Client-side request rate limit. OpenLMIS's gateway allows 20 requests/s per client IP with a burst of 10; evenly
     * spaced requests at 20/s stay within it (the burst absorbs network jitter). Lower it when other clients share
     * the connector's egress IP.
     */
    @WithDefault("20")
    double requestsPerSecond();

    /** How often a facility's pages are read again from page 0 when the data shifted under the paging. */
    @WithDefault("3")
    int pageSetAttempts();

    /** Schedule of the automatic sync (a Quarkus {@code every} value such as {@code 15m}; {@code off} disables it). */
    @WithDefault("15m")
    String schedule();

    /** The {@code sourceSystem} written on every stock event. */
    @WithDefault("openlmis")
    String sourceSystem();

    /** OpenLMIS facility type code → our tier; unknown types are health facilities. */
    Map<String, FacilityTier> facilityTypes();

    /** Geographic level numbers of our zone, state and LGA in the OpenLMIS hierarchy. */
    Levels levels();

    /** A facility's target population from its zone's catchment population (docs/openlmis-connector.md). */
    TargetPopulation targetPopulation();

    interface TargetPopulation {
        /**
         * Map catchment populations at all. A store whose own zone is the area it supplies (the national store at the
         * root, a zonal/state/LGA store in a zone of that level) gets that zone's population.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Surviving infants as a share of the population: 5,915,676 ÷ 169.0 M = 0.035 (Nigeria 2012, NRISP 2013–15,
         * domain reference [S15]).
         */
        @WithDefault("0.035")
        double survivingInfantShare();

        /**
         * Level number of zones that are one health facility's own catchment (a ward or catchment area below the
         * LGA, if the OpenLMIS instance has one per facility); unset: health facilities get none (an LGA's population
         * is shared by its facilities).
         */
        java.util.OptionalInt healthFacilityLevel();
    }

    interface Auth {
        /** OAuth client of the password grant, sent as HTTP Basic ({@code OPENLMIS_CLIENT_ID}). */
        String clientId();

        /** Its secret ({@code OPENLMIS_CLIENT_SECRET}). */
        String clientSecret();

        /** User of the password grant ({@code OPENLMIS_USERNAME}): needs STOCK_CARDS_VIEW on every facility. */
        java.util.Optional<String> username();

        /** Their password ({@code OPENLMIS_PASSWORD}). */
        java.util.Optional<String> password();

        /** Client of the client-credentials grant (a trusted client); the client above if unset. */
        java.util.Optional<String> serviceClientId();

        /** Its secret. */
        java.util.Optional<String> serviceClientSecret();
    }

    interface Levels {
        /** Level number of the geopolitical zone (North West, ...). */
        @WithDefault("2")
        int zone();

        /** Level number of the state. */
        @WithDefault("3")
        int state();

        /** Level number of the LGA. */
        @WithDefault("4")
        int lga();
    }
}
