package ng.vaxtrace.http;

import java.util.List;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;

/** Every service's errors leave as application/problem+json; nothing escapes as an unexplained 500. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        e.headers().forEach(response::header);
        return response.build();
    }

    /** A body of the wrong shape (a string where a number is meant, a duplicate key, ...): 400 naming the field. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return problem(JsonProblems.invalidBody(e));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return problem(JsonProblems.invalidBody(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return problem(JsonProblems.invalidBody(json)); // Quarkus REST wraps what its JSON reader could not parse
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // JAX-RS answers 404 for a typed path or query parameter it cannot convert; the resource exists, the input is bad.
            return problem(ProblemException.invalid("a path or query parameter has the wrong type",
                    List.of(new FieldViolation("", "cannot be read: " + e.getCause().getMessage()))));
        }
        int status = e.getResponse().getStatus();
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected failure", e);
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(500, "Internal Server Error", "unexpected failure; it has been logged")).build();
    }
}
