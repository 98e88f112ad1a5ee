package ng.vaxtrace.connector.client;

import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Every OpenLMIS call goes through {@link #call}: rate limit, bearer token, one re-authentication on a 401, and the
 * fault-tolerance policies. Refused credentials (a 401 that a fresh token does not cure, or the token endpoint's
 * refusal) are told to {@link Credentials}, and any answer clears them. The breaker counts only {@link OpenLmisException.Unavailable} (5xx, timeouts, refused
 * connections): a 429 means OpenLMIS is up and we were too fast, a 404 or 400 is an answer, not an outage. Policy
 * values can be overridden with quarkus.fault-tolerance."ng.vaxtrace.connector.client.ResilientCaller/call".* .
 */
@ApplicationScoped
public class ResilientCaller {

    static final String BREAKER = "openlmis";

    private final TokenProvider tokens;
    private final RateLimiter limiter;
    private final Credentials credentials;
    private final MeterRegistry registry;

    public ResilientCaller(TokenProvider tokens, RateLimiter limiter, Credentials credentials, MeterRegistry registry) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.credentials = credentials;
        this.registry = registry;
    }

    @Retry(maxRetries = 6, delay = 250, jitter = 200, maxDuration = 120, durationUnit = ChronoUnit.SECONDS,
            retryOn = { OpenLmisException.Unavailable.class, OpenLmisException.Throttled.class, TimeoutException.class },
            abortOn = { OpenLmisException.Rejected.class, CircuitBreakerOpenException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 15, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS, successThreshold = 2,
            failOn = { OpenLmisException.Unavailable.class, TimeoutException.class },
            skipOn = { OpenLmisException.Throttled.class, OpenLmisException.Rejected.class })
    @CircuitBreakerName(BREAKER)
    @Bulkhead(4)
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    public <T> T call(String what, Function<String, T> request) {
        try {
            T answer = authenticated(what, request);
            credentials.accepted();
            return answer;
        } catch (OpenLmisException.Rejected e) {
            if (e.credentials()) {
                credentials.refused(e.getMessage());
            }
            throw e;
        }
    }

    private <T> T authenticated(String what, Function<String, T> request) {
        limiter.acquire();
        String bearer = tokens.bearer();
        try {
            return request.apply(bearer);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 401) {
                throw translate(what, e);
            }
            // The token expired or openlmis-auth restarted: authenticate again, once.
            Log.infof("OpenLMIS refused the token on %s; re-authenticating", what);
            registry.counter("vaxtrace.connector.reauthentications").increment();
            tokens.invalidate(bearer);
            limiter.acquire();
            try {
                return request.apply(tokens.bearer());
            } catch (WebApplicationException again) {
                if (again.getResponse().getStatus() == 401) {
                    throw OpenLmisException.Rejected.credentials(401, "OpenLMIS refused a freshly issued token on " + what
                            + " (HTTP 401): the connector's account is revoked or lacks the rights");
                }
                throw translate(what, again);
            } catch (ProcessingException again) {
                throw new OpenLmisException.Unavailable(what + ": " + again.getMessage(), again);
            }
        } catch (ProcessingException e) {
            throw new OpenLmisException.Unavailable(what + ": " + e.getMessage(), e);
        }
    }

    private OpenLmisException translate(String what, WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 429) {
            long retryAfter = retryAfterSeconds(e.getResponse().getHeaderString("Retry-After"));
            limiter.pauseFor(retryAfter);
            registry.counter("vaxtrace.connector.openlmis.throttled").increment();
            Log.infof("OpenLMIS throttled %s; pausing %d s", what, retryAfter);
            return new OpenLmisException.Throttled(what + ": 429, retry after " + retryAfter + " s");
        }
        if (status >= 500) {
            return new OpenLmisException.Unavailable(what + ": HTTP " + status, e);
        }
        return new OpenLmisException.Rejected(status, what + ": HTTP " + status);
    }

    /** Retry-After in seconds (the gateway sends seconds; an HTTP date or nothing counts as 1 s). */
    static long retryAfterSeconds(String header) {
        try {
            return header == null ? 1 : Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
