package ng.vaxtrace.gateway.auth;

import java.util.Set;

/**
 * Who holds a connection. {@code areas} are the area codes the principal may watch (empty: not restricted); the
 * security issue will fill them from token claims.
 */
public record GatewayPrincipal(String name, Set<String> areas) {

    public static final GatewayPrincipal ANONYMOUS = new GatewayPrincipal("anonymous", Set.of());
}
