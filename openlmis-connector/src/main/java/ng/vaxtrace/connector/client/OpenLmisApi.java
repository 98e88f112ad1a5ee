package ng.vaxtrace.connector.client;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * The OpenLMIS endpoints the connector reads. Package-private: only {@link OpenLmisClient} calls it, with the rate
 * limit, the bearer token and the fault-tolerance policies applied.
 */
@RegisterRestClient(configKey = "openlmis")
@Path("/api")
interface OpenLmisApi {

    @GET
    @Path("/programs")
    List<OpenLmis.Program> programs(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/geographicZones")
    OpenLmis.Page<OpenLmis.Zone> zones(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/facilities")
    OpenLmis.Page<OpenLmis.Facility> facilities(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/facilities/{id}")
    OpenLmis.Facility facility(@HeaderParam("Authorization") String bearer, @PathParam("id") String id);

    @GET
    @Path("/orderables")
    OpenLmis.Page<OpenLmis.Orderable> orderables(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/orderableFulfills")
    Map<String, OpenLmis.Fulfills> fulfills(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("/lots")
    OpenLmis.Page<OpenLmis.Lot> lots(@HeaderParam("Authorization") String bearer, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/v2/stockCardSummaries")
    OpenLmis.Page<OpenLmis.Summary> stockCardSummaries(@HeaderParam("Authorization") String bearer,
            @QueryParam("facilityId") String facilityId, @QueryParam("programId") String programId, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/stockCards/{id}")
    OpenLmis.StockCard stockCard(@HeaderParam("Authorization") String bearer, @PathParam("id") String id);

    /** Reachability probe for readiness: any HTTP answer means the gateway is there (no token needed). */
    @GET
    @Path("/oauth/token")
    Uni<Response> probe();
}
