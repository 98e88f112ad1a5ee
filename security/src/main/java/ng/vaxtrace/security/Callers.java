package ng.vaxtrace.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/** Turns the request's verified identity into a {@link Caller}. */
@ApplicationScoped
public class Callers {

    private final String areaClaim;

    public Callers(@ConfigProperty(name = "vaxtrace.security.area-claim", defaultValue = "vaxtrace_area") String areaClaim) {
        this.areaClaim = areaClaim;
    }

    /**
     * @throws UnauthorizedException  when the request carries no verified token (401)
     * @throws AccessRefusedException when the token's roles and area claim do not fit together (403)
     */
    public Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String area = null;
        String actor = identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            area = Optional.ofNullable(jwt.<Object>getClaim(areaClaim)).map(Object::toString).orElse(null);
            actor = Optional.ofNullable(jwt.<Object>getClaim("preferred_username")).map(Object::toString).orElse(jwt.getSubject());
        }
        return Caller.of(actor == null ? "unknown" : actor, identity.getRoles(), area);
    }
}
