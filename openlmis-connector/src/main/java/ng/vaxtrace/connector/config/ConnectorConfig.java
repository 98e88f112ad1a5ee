package ng.vaxtrace.connector.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import ng.vaxtrace.contracts.FacilityTier;

/** openlmis-connector settings; OpenLMIS credentials live in the quarkus.oidc-client.* properties. */
@ConfigMapping(prefix = "vaxtrace.connector")
public interface ConnectorConfig {

    /** Base URL of the OpenLMIS gateway; every API path is below {@code <url>/api}. */
    String openlmisUrl();

    /** Which OIDC client authenticates: {@code default} (password grant) or {@code client-credentials}. */
    @WithDefault("default")
    String authClient();

    /** Code of the immunisation program whose stock is pulled. */
    @WithDefault("EPI")
    String programCode();

    /** Page size of the stock card summaries, sent explicitly (OpenLMIS would otherwise return everything in one page). */
    @WithDefault("100")
    int pageSize();

    /** Page size of the reference-data lists (zones, facilities, orderables, lots): long lists, cheap items. */
    @WithDefault("500")
    int referencePageSize();

    /** Client-side request rate limit, below the OpenLMIS gateway's 20 requests/s per client IP. */
    @WithDefault("15")
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
