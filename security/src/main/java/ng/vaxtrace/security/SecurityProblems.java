package ng.vaxtrace.security;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import ng.vaxtrace.contracts.Problem;

/** 401 and 403 answered as problem+json, like every other error (the token itself is never echoed or logged). */
public final class SecurityProblems {

    private static final String CHALLENGE = "Bearer realm=\"vaxtrace\"";

    private SecurityProblems() {
    }

    static Response unauthorized(String detail) {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "Unauthorized", detail)).build();
    }

    static Response forbidden(String detail) {
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of(403, "Forbidden", detail)).build();
    }

    @Provider
    public static class Unauthorized implements ExceptionMapper<UnauthorizedException> {
        @Override
        public Response toResponse(UnauthorizedException e) {
            return unauthorized("a bearer token is required (Authorization: Bearer <access token>)");
        }
    }

    @Provider
    public static class AuthenticationFailed implements ExceptionMapper<AuthenticationFailedException> {
        @Override
        public Response toResponse(AuthenticationFailedException e) {
            return unauthorized("the bearer token is missing, expired, or not signed by the configured issuer");
        }
    }

    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Override
        public Response toResponse(ForbiddenException e) {
            return forbidden("your role may not do this");
        }
    }

    @Provider
    public static class Refused implements ExceptionMapper<AccessRefusedException> {
        @Override
        public Response toResponse(AccessRefusedException e) {
            return forbidden(e.getMessage());
        }
    }
}
