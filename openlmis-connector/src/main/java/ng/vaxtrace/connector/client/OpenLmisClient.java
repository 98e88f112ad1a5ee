package ng.vaxtrace.connector.client;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.connector.config.ConnectorConfig;

/** The OpenLMIS reads of a sync, each guarded by {@link ResilientCaller}; counts requests for the metrics. */
@ApplicationScoped
public class OpenLmisClient {

    private final OpenLmisApi api;
    private final ResilientCaller caller;
    private final CircuitBreakerMaintenance breakers;
    private final MeterRegistry registry;

    public OpenLmisClient(@RestClient OpenLmisApi api, ResilientCaller caller, CircuitBreakerMaintenance breakers, MeterRegistry registry) {
        this.api = api;
        this.caller = caller;
        this.breakers = breakers;
        this.registry = registry;
    }

    /** One limiter for every call of this process. */
    @Produces
    @Singleton
    static RateLimiter rateLimiter(ConnectorConfig config) {
        return new RateLimiter(config.requestsPerSecond(), System::nanoTime);
    }

    /** Every program of the instance (referencedata answers them all; there is no search by code). */
    public List<OpenLmis.Program> programs() {
        return call("programs", api::programs);
    }

    public OpenLmis.Page<OpenLmis.Zone> zones(int page, int size) {
        return call("geographicZones", bearer -> api.zones(bearer, page, size));
    }

    public OpenLmis.Page<OpenLmis.Facility> facilities(int page, int size) {
        return call("facilities", bearer -> api.facilities(bearer, page, size));
    }

    /** One facility in full (with its location, which the list leaves out). */
    public OpenLmis.Facility facility(String id) {
        return call("facility", bearer -> api.facility(bearer, id));
    }

    public OpenLmis.Page<OpenLmis.Orderable> orderables(int page, int size) {
        return call("orderables", bearer -> api.orderables(bearer, page, size));
    }

    public Map<String, OpenLmis.Fulfills> fulfills() {
        return call("orderableFulfills", api::fulfills);
    }

    public OpenLmis.Page<OpenLmis.Lot> lots(int page, int size) {
        return call("lots", bearer -> api.lots(bearer, page, size));
    }

    public OpenLmis.Page<OpenLmis.Summary> stockCardSummaries(String facilityId, String programId, int page, int size) {
        return call("stockCardSummaries", bearer -> api.stockCardSummaries(bearer, facilityId, programId, page, size));
    }

    public OpenLmis.StockCard stockCard(String id) {
        return call("stockCard", bearer -> api.stockCard(bearer, id));
    }

    /**
     * Whether the gateway answers at all (any HTTP status) within 3 s: for readiness, outside the breaker and the rate
     * limit.
     */
    public Uni<Boolean> reachable() {
        return api.probe().replaceWith(true)
                .ifNoItem().after(java.time.Duration.ofSeconds(3)).recoverWithItem(false)
                .onFailure(jakarta.ws.rs.WebApplicationException.class).recoverWithItem(true)
                .onFailure().recoverWithItem(false);
    }

    public CircuitBreakerState breakerState() {
        return breakers.currentState(ResilientCaller.BREAKER);
    }

    private <T> T call(String what, java.util.function.Function<String, T> request) {
        registry.counter("vaxtrace.connector.openlmis.requests", "endpoint", what).increment();
        return caller.call(what, request);
    }
}
