package ng.vaxtrace.ingest.rest;

import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.ingest.config.IngestConfig;

/**
 * Refuses a body larger than {@code vaxtrace.ingest.max-body-size} from its Content-Length, before reading it, with a
 * 413 problem. Chunked bodies are measured once read ({@link Gatekeeper}); the HTTP layer's own, higher limit
 * ({@code quarkus.http.limits.max-body-size}) stops anything beyond that.
 */
public class BodySizeFilter {

    private final IngestConfig config;

    public BodySizeFilter(IngestConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizedBodies(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long limit = config.maxBodySize().asLongValue();
        try {
            if (length != null && Long.parseLong(length.strip()) > limit) {
                ProblemException problem = tooLarge(limit);
                return Response.status(413).type(Problem.MEDIA_TYPE).entity(problem.problem()).build();
            }
        } catch (NumberFormatException e) {
            return null; // the HTTP layer refuses a malformed Content-Length itself
        }
        return null;
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "Content Too Large", "the request body is larger than " + limit
                + " bytes; send fewer events per batch"), Map.of());
    }
}
