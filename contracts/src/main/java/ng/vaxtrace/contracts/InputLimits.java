package ng.vaxtrace.contracts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The plausible ranges of the input contract (docs/input-contract.md): how old and how far ahead an event's time may
 * be, how far a lot's expiry may lie from the event, and the most doses one event may move. Values outside them are
 * not vaccine stock but a typo, a broken clock or an attack, and a ledger that forbids deletes must never take them
 * in. Every service reads them from {@code vaxtrace.input.*} (the {@code security} module's {@code InputContractConfig});
 * {@link #DEFAULTS} are the documented defaults.
 *
 * @param maxEventAge       oldest an event's time may be (offline sync of a device that was away that long)
 * @param maxClockSkew      how far ahead of our clock an event's time may be (field clocks drift)
 * @param lotExpiryHorizon  how far from the event a lot's expiry may lie, either way (vaccines keep for a few years)
 * @param maxQuantity       most doses one event may move or count
 */
public record InputLimits(Duration maxEventAge, Duration maxClockSkew, Period lotExpiryHorizon, long maxQuantity) {

    public static final InputLimits DEFAULTS = new InputLimits(Duration.ofDays(365), Duration.ofMinutes(5), Period.ofYears(10),
            50_000_000L);

    public InputLimits {
        if (maxEventAge.isNegative() || maxClockSkew.isNegative() || lotExpiryHorizon.isNegative() || maxQuantity < 1) {
            throw new IllegalArgumentException("input limits must be positive");
        }
    }

    /** Adds a violation when {@code at} (required) lies outside [now - maxEventAge, now + maxClockSkew]; true when it is inside. */
    public boolean eventTime(List<FieldViolation> violations, String field, Instant at, Instant now) {
        if (at == null) {
            violations.add(new FieldViolation(field, "is required (ISO-8601 UTC instant, e.g. 2026-03-01T09:30:00Z)"));
        } else if (at.isAfter(now.plus(maxClockSkew))) {
            violations.add(new FieldViolation(field, "must not be in the future (more than " + maxClockSkew.toMinutes()
                    + " minutes ahead of the server's clock)"));
        } else if (at.isBefore(now.minus(maxEventAge))) {
            violations.add(new FieldViolation(field, "must not be more than " + maxEventAge.toDays() + " days in the past"));
        } else {
            return true;
        }
        return false;
    }

    /** Adds a violation when {@code quantity} (doses, either sign) exceeds {@link #maxQuantity}; true when it does. */
    public boolean quantityTooLarge(List<FieldViolation> violations, String field, long quantity) {
        if (quantity > maxQuantity || quantity < -maxQuantity) {
            violations.add(new FieldViolation(field, "must not exceed " + maxQuantity + " doses in one event"));
            return true;
        }
        return false;
    }

    /**
     * Adds a violation when a lot's {@code expiry} lies more than {@link #lotExpiryHorizon} from the day of the event
     * at {@code at} (a time inside the window), or before that day when {@code mustBeUsable} (stock received or handed
     * on must not be expired).
     */
    public void lotExpiry(List<FieldViolation> violations, String field, LocalDate expiry, Instant at, boolean mustBeUsable) {
        if (expiry == null || at == null) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        if (expiry.isAfter(day.plus(lotExpiryHorizon)) || expiry.isBefore(day.minus(lotExpiryHorizon))) {
            violations.add(new FieldViolation(field, "must lie within " + horizon() + " of the event (" + day + ")"));
        } else if (mustBeUsable && expiry.isBefore(day)) {
            violations.add(new FieldViolation(field, "must not be before the event (" + day + "): an expired lot is discarded, not moved"));
        }
    }

    private String horizon() {
        long months = lotExpiryHorizon.toTotalMonths();
        return months % 12 == 0 ? months / 12 + " years" : months + " months";
    }
}
