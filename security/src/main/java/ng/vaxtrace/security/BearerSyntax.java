package ng.vaxtrace.security;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Problem;

/**
 * A bearer token must have the shape of a signed JWT (three base64url parts, the signature's possibly empty) before
 * anything verifies it: quarkus-oidc fails with a 500 on some malformed ones ({@code Bearer .}, an empty token) and
 * decodes others leniently (a valid token with a stray {@code '} appended was accepted). Malformed tokens and repeated
 * {@code Authorization} headers are answered 401 problem+json with the {@code invalid_token} challenge, the token never
 * echoed (docs/input-contract.md). Other schemes are left to the services (which answer 401).
 */
@ApplicationScoped
public class BearerSyntax {

    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final String CHALLENGE = "Bearer realm=\"vaxtrace\", error=\"invalid_token\"";

    void register(@Observes Filters filters) {
        // After the security headers (100), so a 401 carries them; before anything authenticates (auth is not proactive).
        filters.register(context -> {
            String refusal = refusal(context.request());
            if (refusal != null) {
                context.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader("WWW-Authenticate", CHALLENGE).end(EventJson.write(Problem.of(401, "Unauthorized", refusal)));
                return;
            }
            context.next();
        }, 95);
    }

    /** Why the request's bearer credentials are refused before verification, or null to let it through. */
    static String refusal(HttpServerRequest request) {
        List<String> all = request.headers().getAll(HttpHeaders.AUTHORIZATION);
        if (all.size() > 1) {
            return "send one Authorization header";
        }
        if (all.isEmpty() || !isBearer(all.get(0))) {
            return null;
        }
        return wellFormed(all.get(0).substring(6).strip()) ? null : "the bearer token is not a signed JWT (three base64url parts)";
    }

    /** True for the compact form of a signed JWT: {@code header.payload.signature} in base64url without padding. */
    static boolean wellFormed(String token) {
        return token != null && JWS.matcher(token).matches();
    }

    private static boolean isBearer(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer", 0, 6)
                && (authorization.length() == 6 || Character.isWhitespace(authorization.charAt(6)));
    }
}
