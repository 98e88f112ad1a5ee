package ng.vaxtrace.security;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start the prod profile with the development issuer or a static key: production verifies tokens only
 * against a real OIDC provider's published keys (VAXTRACE_OIDC_ISSUER_URL).
 */
@ApplicationScoped
// A service that takes no user tokens (ingest: signed device requests) sets this build property to false.
@IfBuildProperty(name = "vaxtrace.security.oidc", stringValue = "true", enableIfMissing = true)
public class DevIssuerGuard {

    void check(@Observes StartupEvent start) {
        Optional<String> refusal = refusal(ConfigUtils.getProfiles(),
                name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
        if (refusal.isPresent()) {
            throw new IllegalStateException("refusing to start: " + refusal.get());
        }
    }

    /** Why this configuration may not run, if it may not. Only the prod profile is checked. */
    public static Optional<String> refusal(List<String> profiles, Function<String, Optional<String>> config) {
        if (!profiles.contains("prod")) {
            return Optional.empty();
        }
        if (config.apply("quarkus.oidc.tenant-enabled").map("false"::equalsIgnoreCase).orElse(false)) {
            return Optional.of("token verification is switched off (quarkus.oidc.tenant-enabled=false)");
        }
        if (config.apply("quarkus.oidc.public-key").filter(k -> !k.isBlank()).isPresent()) {
            return Optional.of("a static token-signing key is configured (quarkus.oidc.public-key, the development issuer's); "
                    + "production verifies tokens against an OIDC provider: set VAXTRACE_OIDC_ISSUER_URL");
        }
        if (config.apply("quarkus.oidc.token.issuer").filter(DevIssuer.ISSUER::equals).isPresent()
                || config.apply("quarkus.oidc.auth-server-url").filter(url -> url.contains(DevIssuer.ISSUER)).isPresent()) {
            return Optional.of("the development issuer " + DevIssuer.ISSUER + " is configured");
        }
        if (config.apply("quarkus.oidc.auth-server-url").filter(url -> !url.isBlank()).isEmpty()) {
            return Optional.of("no OIDC provider is configured: set VAXTRACE_OIDC_ISSUER_URL (quarkus.oidc.auth-server-url)");
        }
        return Optional.empty();
    }
}
