package ng.vaxtrace.connector.client;

/**
 * Why a call to OpenLMIS failed, sorted by what the caller should do: {@link Unavailable} is retried and trips the
 * circuit breaker; {@link Throttled} is retried after Retry-After without tripping it (OpenLMIS is up, we were too
 * fast); {@link Rejected} is an answer (bad request, not found, refused credentials) and is neither.
 */
public abstract sealed class OpenLmisException extends RuntimeException
        permits OpenLmisException.Unavailable, OpenLmisException.Throttled, OpenLmisException.Rejected {

    protected OpenLmisException(String message, Throwable cause) {
        super(message, cause);
    }

    /** 5xx, a timeout, a refused connection, or the token endpoint out of reach. */
    public static final class Unavailable extends OpenLmisException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 429 from the gateway's rate limit. */
    public static final class Throttled extends OpenLmisException {
        public Throttled(String message) {
            super(message, null);
        }
    }

    /** A 4xx answer other than 429, or a 401 that a fresh token did not cure. */
    public static final class Rejected extends OpenLmisException {
        private final int status;
        private final boolean credentials;

        public Rejected(int status, String message) {
            this(status, message, false);
        }

        private Rejected(int status, String message, boolean credentials) {
            super(message, null);
            this.status = status;
            this.credentials = credentials;
        }

        /** The token endpoint refused the credentials, or the API refused a token just issued for them. */
        public static Rejected credentials(int status, String message) {
            return new Rejected(status, message, true);
        }

        public int status() {
            return status;
        }

        /** Whether the connector's credentials were refused (rather than one request being wrong). */
        public boolean credentials() {
            return credentials;
        }
    }
}
