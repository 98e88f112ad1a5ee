package ng.vaxtrace.gateway.auth;

import java.util.Optional;

/**
 * Decides who a WebSocket upgrade belongs to, from the bearer token (header {@code Authorization: Bearer …} or
 * query parameter {@code access_token}; null when neither was sent). Empty means refused. Chosen by
 * {@code vaxtrace.gateway.auth.mode}; an OIDC/JWT implementation can replace it without touching the socket.
 */
public interface TokenAuthenticator {

    Optional<GatewayPrincipal> authenticate(String token);
}
