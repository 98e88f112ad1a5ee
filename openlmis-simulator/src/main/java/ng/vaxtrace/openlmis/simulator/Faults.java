package ng.vaxtrace.openlmis.simulator;

/**
 * The fault switches of the simulator, set over {@code POST /admin/faults} (JSON with any of these fields) and
 * cleared by {@code POST /admin/reset}. Counters count down with each API request (the token endpoint excluded
 * unless said otherwise).
 *
 * @param tooManyRequests        the next n requests get 429 with {@code Retry-After: retryAfterSeconds}
 * @param retryAfterSeconds      the Retry-After of those 429s (and of the token endpoint's)
 * @param serverErrors           a run of n requests gets 503 ...
 * @param serverErrorsAfter      ... starting after this many more requests (0: at once); also delays {@code outageMillis}
 * @param delayMillis            requests are answered this much later (a slow OpenLMIS) ...
 * @param slowRequests           ... the next n of them (-1: all)
 * @param expireTokensAfter      after n more requests every issued token stops being valid (expiry mid-sync); -1 off
 * @param shiftPagesOnce         after page 0 of the next summaries request, a new card sorts first, shifting every later
 *                               item across the page boundary (offset paging over changing data)
 * @param tokenTtlSeconds        expires_in of tokens issued from now on
 * @param maxPageSize            the server caps every page at this size whatever the client asks (0: no cap), as
 *                               referencedata's {@code spring.data.web.pageable.max-page-size} does
 * @param outageMillis           an outage: every request, the token endpoint included, gets 503 for this long, starting
 *                               after {@code serverErrorsAfter} requests (0: off)
 * @param tokenTooManyRequests   the next n token requests get 429 with {@code Retry-After: retryAfterSeconds}
 * @param rejectLogins           the token endpoint refuses the password grant's user (400 invalid_grant, Bad credentials)
 * @param moveStockDuringReading the next summaries read of page 0 is answered slowly, and while it is, an issue of 1
 *                               dose is recorded on the first card of that page (stock moving while summaries are read)
 * @param unauthorizedAfter      after n more API requests, every API request answers 401 whatever its token, new ones
 *                               included (the connector's account revoked or its rights withdrawn: a permanent 401
 *                               storm; the token endpoint still issues tokens); -1 off
 */
public record Faults(int tooManyRequests, int retryAfterSeconds, int serverErrors, int serverErrorsAfter, long delayMillis,
        int slowRequests, int expireTokensAfter, boolean shiftPagesOnce, int tokenTtlSeconds, int maxPageSize, long outageMillis,
        int tokenTooManyRequests, boolean rejectLogins, boolean moveStockDuringReading, int unauthorizedAfter) {

    public static Faults none() {
        return new Faults(0, 1, 0, 0, 0, -1, -1, false, 1800, 0, 0, 0, false, false, -1);
    }

    public Faults withTooManyRequests(int n, int retryAfter) {
        return new Faults(n, retryAfter, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter, shiftPagesOnce,
                tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withServerErrors(int n, int after) {
        return new Faults(tooManyRequests, retryAfterSeconds, n, after, delayMillis, slowRequests, expireTokensAfter, shiftPagesOnce,
                tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withSlowRequests(int n, long millis) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, millis, n, expireTokensAfter, shiftPagesOnce,
                tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withTokensExpiringAfter(int requests) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, requests,
                shiftPagesOnce, tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withPagesShiftingOnce() {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                true, tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withMaxPageSize(int size) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                shiftPagesOnce, tokenTtlSeconds, size, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withOutage(long millis, int afterRequests) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, afterRequests, delayMillis, slowRequests, expireTokensAfter,
                shiftPagesOnce, tokenTtlSeconds, maxPageSize, millis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withTokenTooManyRequests(int n, int retryAfter) {
        return new Faults(tooManyRequests, retryAfter, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                shiftPagesOnce, tokenTtlSeconds, maxPageSize, outageMillis, n, rejectLogins, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withLoginsRejected() {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                shiftPagesOnce, tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, true, moveStockDuringReading, unauthorizedAfter);
    }

    public Faults withStockMovingDuringReading() {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                shiftPagesOnce, tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, true, unauthorizedAfter);
    }

    public Faults withUnauthorizedAfter(int requests) {
        return new Faults(tooManyRequests, retryAfterSeconds, serverErrors, serverErrorsAfter, delayMillis, slowRequests, expireTokensAfter,
                shiftPagesOnce, tokenTtlSeconds, maxPageSize, outageMillis, tokenTooManyRequests, rejectLogins, moveStockDuringReading, requests);
    }
}
