package ng.vaxtrace.stock.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Derived stock metrics of one facility and product, computed from its ledger movements. Pure: the formulas are
 * those of OpenLMIS (shared reference openlmis-api.md §5; docs/domain-rules.md §4 gives the reference cases), on
 * Nigeria's calendar (days and months in {@link #BUSINESS_ZONE}, so an event at 23:30 UTC counts on the next Lagos day):
 * <ul>
 * <li>stock-out days: a stock-out runs from the day the balance reached 0 until the day it rose above 0 again
 * (OpenLMIS {@code StockCardAggregate}), counted on the 360-day calendar (OpenLMIS {@code Year360Utils}, EU
 * convention: every month has 30 days, the 31st counts as the 30th), so a month out of stock throughout is 30 days
 * whatever its length;</li>
 * <li>consumption of a month = doses consumed and issued; in a month with none recorded, what its physical counts
 * found missing (OpenLMIS's calculated consumption: beginning balance + received ± adjustments − counted stock);</li>
 * <li>adjusted consumption of a month = ceil(consumption × 30 / (30 − stock-out days)), or just the consumption
 * when the month had no day in stock;</li>
 * <li>AMC = ceil(mean adjusted consumption of the last 3 complete months) — fewer when the card is younger, none when
 * it has no complete month;</li>
 * <li>months of stock = stock on hand ÷ AMC, shown to 2 decimals; status compares stock on hand with the facility's
 * min/max stock from its target population where it has one ({@link StockLimits}), else with the tier's min/max × AMC,
 * exactly (never the rounded months).</li>
 * </ul>
 */
public final class StockMetrics {

    public static final int AMC_MONTHS = 3;
    /** Business days and months are Lagos days and months (UTC+1, no daylight saving). */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Africa/Lagos");
    /** The first and last instants {@link LocalDate} can place on a Lagos day. */
    private static final Instant FIRST_INSTANT = LocalDateTime.MIN.atZone(BUSINESS_ZONE).toInstant();
    private static final Instant LAST_INSTANT = LocalDateTime.MAX.atZone(BUSINESS_ZONE).toInstant();
    private static final int DAYS_PER_MONTH = 30;

    /** The result; {@code amc} and {@code monthsOfStock} are null when they cannot be known. */
    public record Result(long stockOnHand, Long amc, BigDecimal monthsOfStock, StockStatus status, int stockOutDays,
            List<MonthUsage> months) {
    }

    /** Usage of one complete month as it entered the AMC. */
    public record MonthUsage(YearMonth month, long used, int stockOutDays, long adjusted) {
    }

    private StockMetrics() {
    }

    /**
     * @param movements    the product's movements at the facility, in order, covering at least the AMC window
     * @param stockOnHand  the product's balance now
     * @param firstEventAt when the facility first reported this product (months before it are not averaged)
     * @param now          the time of evaluation; the current month is incomplete and not averaged
     */
    public static Result compute(List<Movement> movements, long stockOnHand, Instant firstEventAt, Instant now, MinMax minMax) {
        if (firstEventAt == null) {
            return new Result(stockOnHand, null, null, StockStatus.UNKNOWN, 0, List.of());
        }
        YearMonth current = YearMonth.from(now.atZone(BUSINESS_ZONE));
        // Any time already stored, PostgreSQL's +infinity included (a pair an old version first saw there).
        LocalDate firstDay = businessDay(firstEventAt);
        YearMonth firstMonth = YearMonth.from(firstDay);
        LocalDate windowStart = windowStart(now);
        LocalDate today = LocalDate.ofInstant(now, BUSINESS_ZONE);
        List<LocalDate[]> stockOutRanges = stockOutRanges(movements, stockOnHand, windowStart, firstDay, today);

        List<MonthUsage> months = new ArrayList<>();
        for (YearMonth month = current.minusMonths(AMC_MONTHS); month.isBefore(current); month = month.plusMonths(1)) {
            if (month.isBefore(firstMonth)) {
                continue;
            }
            long used = consumptionIn(movements, month);
            int outDays = Math.min(DAYS_PER_MONTH, overlapDays(stockOutRanges, month.atDay(1), month.atEndOfMonth().plusDays(1)));
            months.add(new MonthUsage(month, used, outDays, adjusted(used, outDays)));
        }
        Long amc = months.isEmpty() ? null
                : (long) Math.ceil(months.stream().mapToLong(MonthUsage::adjusted).sum() / (double) months.size());
        int stockOutDays = overlapDays(stockOutRanges, windowStart, today.plusDays(1));
        return new Result(stockOnHand, amc, monthsOfStock(stockOnHand, amc), status(stockOnHand, amc, minMax), stockOutDays, months);
    }

    /** The first business day whose movements the metrics read at {@code now}: the start of the AMC window. */
    public static LocalDate windowStart(Instant now) {
        return YearMonth.from(now.atZone(BUSINESS_ZONE)).minusMonths(AMC_MONTHS).atDay(1);
    }

    /**
     * The business day an instant falls on; {@link LocalDate#MAX} (or {@code MIN}) for an instant beyond the last (or
     * before the first) {@link LocalDate}: PostgreSQL's {@code infinity} read back, which the PG client writes as the
     * date {@code infinity} again, the day PostgreSQL itself gives that time. A time stored before the input contract
     * (or a void ordered after one) must not fail the batch that reaches it.
     */
    public static LocalDate businessDay(Instant instant) {
        if (instant.isAfter(LAST_INSTANT)) {
            return LocalDate.MAX;
        }
        return instant.isBefore(FIRST_INSTANT) ? LocalDate.MIN : LocalDate.ofInstant(instant, BUSINESS_ZONE);
    }


    /** OpenLMIS adjusted consumption for one 30-day month. */
    public static long adjusted(long used, int stockOutDays) {
        if (stockOutDays >= DAYS_PER_MONTH) {
            return used;
        }
        return (long) Math.ceil(used * (double) DAYS_PER_MONTH / (DAYS_PER_MONTH - stockOutDays));
    }

    /** Months of stock as shown: stock on hand ÷ AMC to 2 decimals; null without an AMC (or with an AMC of 0). */
    public static BigDecimal monthsOfStock(long stockOnHand, Long amc) {
        return amc == null || amc == 0 ? null : BigDecimal.valueOf(stockOnHand).divide(BigDecimal.valueOf(amc), 2, RoundingMode.HALF_UP);
    }

    /**
     * Status of a balance against the facility's min/max, decided on the exact figures: against min/max stock in doses
     * where they come from the target population (no AMC needed), else against min × AMC and max × AMC — 0.2475 months
     * is below a minimum of 0.25 even though it shows as 0.25.
     */
    public static StockStatus status(long stockOnHand, Long amc, MinMax minMax) {
        if (stockOnHand <= 0) {
            return StockStatus.STOCKED_OUT;
        }
        if (minMax.fromTargetPopulation()) {
            return stockOnHand < minMax.minStock() ? StockStatus.BELOW_MIN
                    : stockOnHand > minMax.maxStock() ? StockStatus.ABOVE_MAX : StockStatus.WITHIN_RANGE;
        }
        if (amc == null || amc == 0) {
            return StockStatus.UNKNOWN;
        }
        BigDecimal onHand = BigDecimal.valueOf(stockOnHand);
        BigDecimal monthly = BigDecimal.valueOf(amc);
        if (onHand.compareTo(monthly.multiply(BigDecimal.valueOf(minMax.minMonths()))) < 0) {
            return StockStatus.BELOW_MIN;
        }
        return onHand.compareTo(monthly.multiply(BigDecimal.valueOf(minMax.maxMonths()))) > 0 ? StockStatus.ABOVE_MAX
                : StockStatus.WITHIN_RANGE;
    }

    /**
     * The month's consumption: doses consumed and issued; in a month with none recorded (a facility that only counts),
     * what its physical counts found missing, never below 0.
     */
    private static long consumptionIn(List<Movement> movements, YearMonth month) {
        long used = 0;
        long counted = 0;
        for (Movement m : movements) {
            if (YearMonth.from(m.occurredAt().atZone(BUSINESS_ZONE)).equals(month)) {
                used += m.used();
                counted += m.counted();
            }
        }
        return used > 0 ? used : Math.max(0, -counted);
    }

    /**
     * Day ranges [start, end) during which the balance was zero, from {@code windowStart} to {@code today}. The
     * balance at the window start is derived backwards from the balance now; days before the card existed are not
     * stock-out days.
     */
    private static List<LocalDate[]> stockOutRanges(List<Movement> movements, long stockOnHand, LocalDate windowStart,
            LocalDate firstEventDay, LocalDate today) {
        Instant windowStartInstant = windowStart.atStartOfDay(BUSINESS_ZONE).toInstant();
        long balance = stockOnHand;
        for (Movement m : movements) {
            if (!m.occurredAt().isBefore(windowStartInstant)) {
                balance -= m.delta();
            }
        }
        List<LocalDate[]> ranges = new ArrayList<>();
        LocalDate outSince = balance <= 0 && !windowStart.isBefore(firstEventDay) ? windowStart : null;
        for (Movement m : movements) {
            if (m.occurredAt().isBefore(windowStartInstant)) {
                continue;
            }
            balance += m.delta();
            LocalDate day = LocalDate.ofInstant(m.occurredAt(), BUSINESS_ZONE);
            if (balance <= 0 && outSince == null) {
                outSince = day;
            } else if (balance > 0 && outSince != null) {
                ranges.add(new LocalDate[] { outSince, day });
                outSince = null;
            }
        }
        if (outSince != null) {
            ranges.add(new LocalDate[] { outSince, today.plusDays(1) });
        }
        return ranges;
    }

    /** Stock-out days of the ranges within [from, toExclusive), on the 360-day calendar. */
    private static int overlapDays(List<LocalDate[]> ranges, LocalDate from, LocalDate toExclusive) {
        long days = 0;
        for (LocalDate[] range : ranges) {
            LocalDate start = range[0].isAfter(from) ? range[0] : from;
            LocalDate end = range[1].isBefore(toExclusive) ? range[1] : toExclusive;
            if (start.isBefore(end)) {
                days += days360(start, end);
            }
        }
        return (int) days;
    }

    /**
     * Days from {@code start} (inclusive) to {@code endExclusive} on the 360-day calendar, EU convention (OpenLMIS
     * {@code Year360Utils.getDaysBetweenEu}): every month has 30 days and the 31st counts as the 30th. Additive, so
     * ranges can be cut at month ends: a whole month is 30 days, February included.
     */
    public static long days360(LocalDate start, LocalDate endExclusive) {
        return ordinal360(endExclusive) - ordinal360(start);
    }

    private static long ordinal360(LocalDate day) {
        return day.getYear() * 360L + day.getMonthValue() * 30L + Math.min(day.getDayOfMonth(), DAYS_PER_MONTH);
    }

    private static final long SECONDS_PER_DAY = 86_400;
    /** Africa/Lagos is UTC+1 all year (no daylight saving since 1919, IANA tz database). */
    private static final long LAGOS_OFFSET_SECONDS = 3_600;

    /**
     * Whole Africa/Lagos days between two instants' Lagos dates; for "days since last report". Counted on epoch seconds
     * shifted by Lagos's fixed offset, so that any time already stored (PostgreSQL's {@code infinity} reads as a year
     * beyond {@link LocalDate}'s range) still answers.
     */
    public static long daysBetween(Instant earlier, Instant later) {
        return Math.floorDiv(lagosSeconds(later), SECONDS_PER_DAY) - Math.floorDiv(lagosSeconds(earlier), SECONDS_PER_DAY);
    }

    private static long lagosSeconds(Instant instant) {
        return instant.getEpochSecond() + LAGOS_OFFSET_SECONDS;
    }
}
