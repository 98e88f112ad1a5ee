package ng.vaxtrace.openlmis.simulator;

/**
 * The fault switches of the simulator, set over {@code POST /admin/faults} (JSON with any of these fields) and
 * cleared by {@code POST /admin/reset}. Counters count down with each API request (the token endpoint excluded).
 *
 * @param tooManyRequests   the next n requests get 429 with {@code Retry-After: retryAfterSeconds}
 * @param retryAfterSeconds the Retry-After of those 429s
 * @param serverErrors      a run of n requests gets 503 ...
 * @param serverErrorsAfter ... starting after this many more requests (0: at once)
 * @param delayMillis       requests are answered this much later (a slow OpenLMIS) ...
 * @param slowRequests      ... the next n of them (-1: all)
 * @param expireTokensAfter after n more requests every issued token stops being valid (expiry mid-sync); -1 off
 * @param shiftPagesOnce    after page 0 of the next summaries request, a new card sorts first, shifting every later
 *                          item across the page boundary (offset paging over changing data)
 * @param tokenTtlSeconds   expires_in of tokens issued from now on
 */
public record Faults(int tooManyRequests, int retryAfterSeconds, int serverErrors, int serverErrorsAfter, long delayMillis,
        int slowRequests, int expireTokensAfter, boolean shiftPagesOnce, int tokenTtlSeconds) {

    public static Faults none() {
        return new Faults(0, 1, 0, 0, 0, -1, -1, false, 1800);
    }

    public Faults withTooManyRequests(int n, int retryAfter) {
        return new Faults(n, retryAfter, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter, shiftPagesOnce,
                tokenTtlSeconds);
    }

    public Faults withServerErrors(int n, int after) {
        return new Faults(tooManyRequests, retryAfterSeconds, n, after, delayMillis, slowRequests, expireTokensAfter, shiftPagesOnce,
                tokenTtlSeconds);
    }

    public Faults withSlowRequests(int n, long millis) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, millis, n, expireTokensAfter, shiftPagesOnce,
                tokenTtlSeconds);
    }

    public Faults withTokensExpiringAfter(int requests) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, requests,
                shiftPagesOnce, tokenTtlSeconds);
    }

    public Faults withPagesShiftingOnce() {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                true, tokenTtlSeconds);
    }
}
