package ng.vaxtrace.openlmis.simulator;

/**
 * The fault switches of the simulator, set over {@code POST /admin/faults} (JSON with any of these fields) and
 * cleared by {@code POST /admin/reset}. Counters count down with each API request (the token endpoint excluded).
 *
 * @param tooManyRequests        the next n requests get 429 with {@code Retry-After: retryAfterSeconds}
 * @param retryAfterSeconds      the Retry-After of those 429s
 * @param serverErrors           the next n requests get 503
 * @param delayMillis            every request is answered this much later (a slow OpenLMIS)
 * @param expireTokensAfter      after n more requests every issued token stops being valid (expiry mid-sync); -1 off
 * @param shiftPagesOnce         after page 0 of the next summaries request, a new card sorts first, shifting every
 *                               later item across the page boundary (offset paging over changing data)
 * @param tokenTtlSeconds        expires_in of tokens issued from now on
 */
public record Faults(int tooManyRequests, int retryAfterSeconds, int serverErrors, long delayMillis, int expireTokensAfter,
        boolean shiftPagesOnce, int tokenTtlSeconds) {

    public static Faults none() {
        return new Faults(0, 1, 0, 0, -1, false, 1800);
    }
}
