package ng.vaxtrace.connector.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** openlmis-auth's token endpoint: HTTP Basic client authentication, grant fields as a form. Only {@link TokenProvider} calls it. */
@RegisterRestClient(configKey = "openlmis")
@Path("/api/oauth/token")
interface TokenApi {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    OpenLmis.TokenResponse token(@HeaderParam("Authorization") String basic, MultivaluedMap<String, String> form);
}
