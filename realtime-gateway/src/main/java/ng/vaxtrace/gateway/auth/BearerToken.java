package ng.vaxtrace.gateway.auth;

/**
 * The connection's access token as it arrived, kept to ask stock-service on the caller's behalf (token relay, no
 * credentials of the gateway's own). {@link #toString()} never shows it, so it cannot reach a log by accident.
 */
public record BearerToken(String value) {

    public String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
