package ng.vaxtrace.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Problem;

/**
 * On every service, a body declared larger than {@code quarkus.http.limits.max-body-size} is answered 413 as
 * problem+json, like every other error (Vert.x itself would answer with an empty body). A chunked body without a length that grows past the limit
 * is still cut off by Vert.x (413, no body).
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max) {
        this.maxBytes = max.asLongValue();
    }

    void register(@Observes Filters filters) {
        String problem = EventJson.write(Problem.of(413, "Content Too Large", "the request body is larger than " + maxBytes + " bytes"));
        // After the security headers filter (priority 100), so the answer carries them too.
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredLength(length) > maxBytes) {
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(problem);
                return;
            }
            context.next();
        }, 90);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0; // Vert.x refuses a malformed length itself
        }
    }
}
