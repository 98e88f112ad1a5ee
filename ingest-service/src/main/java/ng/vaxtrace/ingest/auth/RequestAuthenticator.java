package ng.vaxtrace.ingest.auth;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import ng.vaxtrace.ingest.config.IngestConfig;
import ng.vaxtrace.http.ProblemException;

/** Authenticates a signed request against the configured clients; the client id becomes the event source. */
@ApplicationScoped
public class RequestAuthenticator {

    private final IngestConfig config;
    private final Clock clock;

    public RequestAuthenticator(IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Returns the authenticated client id, or throws a 401 problem with the reason. */
    public String authenticate(HttpServerRequest request, byte[] body) {
        String clientId = request.getHeader(RequestSignature.CLIENT_HEADER);
        if (clientId == null || clientId.isBlank()) {
            throw ProblemException.unauthorized("missing " + RequestSignature.CLIENT_HEADER + " header", RequestSignature.CHALLENGE);
        }
        IngestConfig.Client client = config.clients().get(clientId);
        if (client == null) {
            // Same work as a known client would cost is not needed: client ids are not secret.
            throw ProblemException.unauthorized("unknown client '" + clientId + "'", RequestSignature.CHALLENGE);
        }
        String reason = RequestSignature.verify(client.secrets(), request.getHeader(RequestSignature.TIMESTAMP_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER), body, clock.instant(), config.replayWindow());
        if (reason != null) {
            Log.infof("refused request from client %s: %s", clientId, reason);
            throw ProblemException.unauthorized(reason, RequestSignature.CHALLENGE);
        }
        return clientId;
    }
}
