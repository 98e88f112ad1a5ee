package ng.vaxtrace.ingest.guard;

import io.quarkus.logging.Log;
import ng.vaxtrace.http.ProblemException;

/** Key names and the one failure rule of ingest's Redis state: without Redis nothing is accepted (fail closed). */
final class RedisKeys {

    static final String PREFIX = "vaxtrace:ingest:v1:";
    static final int RETRY_AFTER_SECONDS = 5;

    private RedisKeys() {
    }

    /**
     * Duplicate and replay protection cannot be promised without Redis, so its failure is a 503, never a silent
     * "accept anyway".
     */
    static Throwable unavailable(Throwable cause) {
        if (cause instanceof ProblemException) {
            return cause;
        }
        Log.warnf("Redis did not answer: %s", cause.toString());
        return ProblemException.unavailable("the duplicate-protection store (Redis) did not answer; nothing was accepted, retry later",
                RETRY_AFTER_SECONDS);
    }
}
