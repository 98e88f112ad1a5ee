package ng.vaxtrace.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;

/**
 * Security headers on every response of every service. API answers are marked private so a shared proxy never
 * serves one caller's scoped data to another (ETag revalidation still works).
 */
@ApplicationScoped
public class SecurityHeaders {

    private final String contentSecurityPolicy;
    private final String strictTransportSecurity;

    public SecurityHeaders(
            @ConfigProperty(name = "vaxtrace.security.content-security-policy", defaultValue = "default-src 'self'; "
                    + "img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
                    + "connect-src 'self' http: https: ws: wss:; frame-ancestors 'none'") String contentSecurityPolicy,
            @ConfigProperty(name = "vaxtrace.security.strict-transport-security",
                    defaultValue = "max-age=31536000; includeSubDomains") String strictTransportSecurity) {
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.strictTransportSecurity = strictTransportSecurity;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            headers.set("Content-Security-Policy", contentSecurityPolicy);
            headers.set("Strict-Transport-Security", strictTransportSecurity);
            if (context.normalizedPath().startsWith("/api/")) {
                context.addHeadersEndHandler(end -> {
                    if (!headers.contains("Cache-Control")) {
                        headers.set("Cache-Control", "private, no-cache");
                    }
                });
            }
            context.next();
        }, 100);
    }
}
