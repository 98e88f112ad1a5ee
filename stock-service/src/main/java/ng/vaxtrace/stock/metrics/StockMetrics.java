package ng.vaxtrace.stock.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Derived stock metrics of one facility and product, computed from its ledger movements. Pure: the formulas are
 * those of OpenLMIS requisitions (shared reference openlmis-api.md §5) with months of 30 days, on Nigeria's calendar
 * (days and months in {@link #BUSINESS_ZONE}, so an event at 23:30 UTC counts on the next Lagos day):
 * <ul>
 * <li>stock-out days: a stock-out runs from the day the balance reached 0 until the day it rose above 0 again;</li>
 * <li>adjusted consumption of a month = ceil(used × 30 / (30 − stock-out days)), or just {@code used} when the month
 * had no day in stock;</li>
 * <li>AMC = ceil(mean adjusted consumption of the last 3 complete months) — fewer when the card is younger, none when
 * it has no complete month;</li>
 * <li>months of stock = stock on hand ÷ AMC; status against the tier's min/max.</li>
 * </ul>
 */
public final class StockMetrics {

    public static final int AMC_MONTHS = 3;
    /** Business days and months are Lagos days and months (UTC+1, no daylight saving). */
    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Africa/Lagos");
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
        YearMonth firstMonth = YearMonth.from(firstEventAt.atZone(BUSINESS_ZONE));
        LocalDate windowStart = windowStart(now);
        LocalDate today = LocalDate.ofInstant(now, BUSINESS_ZONE);
        List<long[]> stockOutRanges = stockOutRanges(movements, stockOnHand, windowStart, LocalDate.ofInstant(firstEventAt, BUSINESS_ZONE), today);

        List<MonthUsage> months = new ArrayList<>();
        for (YearMonth month = current.minusMonths(AMC_MONTHS); month.isBefore(current); month = month.plusMonths(1)) {
            if (month.isBefore(firstMonth)) {
                continue;
            }
            long used = usedIn(movements, month);
            int outDays = Math.min(DAYS_PER_MONTH, overlapDays(stockOutRanges, month.atDay(1), month.atEndOfMonth().plusDays(1)));
            months.add(new MonthUsage(month, used, outDays, adjusted(used, outDays)));
        }
        Long amc = months.isEmpty() ? null
                : (long) Math.ceil(months.stream().mapToLong(MonthUsage::adjusted).sum() / (double) months.size());
        BigDecimal mos = amc == null || amc == 0 ? null
                : BigDecimal.valueOf(stockOnHand).divide(BigDecimal.valueOf(amc), 2, RoundingMode.HALF_UP);
        int stockOutDays = overlapDays(stockOutRanges, windowStart, today.plusDays(1));
        return new Result(stockOnHand, amc, mos, status(stockOnHand, mos, minMax), stockOutDays, months);
    }

    /** The first business day whose movements the metrics read at {@code now}: the start of the AMC window. */
    public static LocalDate windowStart(Instant now) {
        return YearMonth.from(now.atZone(BUSINESS_ZONE)).minusMonths(AMC_MONTHS).atDay(1);
    }

    /** The business day an instant falls on. */
    public static LocalDate businessDay(Instant instant) {
        return LocalDate.ofInstant(instant, BUSINESS_ZONE);
    }

    /** OpenLMIS adjusted consumption for one 30-day month. */
    public static long adjusted(long used, int stockOutDays) {
        if (stockOutDays >= DAYS_PER_MONTH) {
            return used;
        }
        return (long) Math.ceil(used * (double) DAYS_PER_MONTH / (DAYS_PER_MONTH - stockOutDays));
    }

    public static StockStatus status(long stockOnHand, BigDecimal monthsOfStock, MinMax minMax) {
        if (stockOnHand <= 0) {
            return StockStatus.STOCKED_OUT;
        }
        if (monthsOfStock == null) {
            return StockStatus.UNKNOWN;
        }
        double mos = monthsOfStock.doubleValue();
        if (mos < minMax.minMonths()) {
            return StockStatus.BELOW_MIN;
        }
        return mos > minMax.maxMonths() ? StockStatus.ABOVE_MAX : StockStatus.WITHIN_RANGE;
    }

    private static long usedIn(List<Movement> movements, YearMonth month) {
        return movements.stream().filter(m -> YearMonth.from(m.occurredAt().atZone(BUSINESS_ZONE)).equals(month))
                .mapToLong(Movement::used).sum();
    }

    /**
     * Day ranges [start, end) during which the balance was zero, from {@code windowStart} to {@code today}. The
     * balance at the window start is derived backwards from the balance now; days before the card existed are not
     * stock-out days.
     */
    private static List<long[]> stockOutRanges(List<Movement> movements, long stockOnHand, LocalDate windowStart,
            LocalDate firstEventDay, LocalDate today) {
        Instant windowStartInstant = windowStart.atStartOfDay(BUSINESS_ZONE).toInstant();
        long balance = stockOnHand;
        for (Movement m : movements) {
            if (!m.occurredAt().isBefore(windowStartInstant)) {
                balance -= m.delta();
            }
        }
        List<long[]> ranges = new ArrayList<>();
        Long outSince = balance <= 0 && !windowStart.isBefore(firstEventDay) ? windowStart.toEpochDay() : null;
        for (Movement m : movements) {
            if (m.occurredAt().isBefore(windowStartInstant)) {
                continue;
            }
            balance += m.delta();
            long day = LocalDate.ofInstant(m.occurredAt(), BUSINESS_ZONE).toEpochDay();
            if (balance <= 0 && outSince == null) {
                outSince = day;
            } else if (balance > 0 && outSince != null) {
                ranges.add(new long[] { outSince, day });
                outSince = null;
            }
        }
        if (outSince != null) {
            ranges.add(new long[] { outSince, today.plusDays(1).toEpochDay() });
        }
        return ranges;
    }

    private static int overlapDays(List<long[]> ranges, LocalDate from, LocalDate toExclusive) {
        long start = from.toEpochDay();
        long end = toExclusive.toEpochDay();
        long days = 0;
        for (long[] range : ranges) {
            days += Math.max(0, Math.min(end, range[1]) - Math.max(start, range[0]));
        }
        return (int) days;
    }

    private static final long SECONDS_PER_DAY = 86_400;

    /**
     * Whole days between two instants' UTC dates; for "days since last report". Counted on epoch seconds, so that any
     * time already stored (PostgreSQL's {@code infinity} reads as a year beyond {@link LocalDate}'s range) still answers.
     */
    public static long daysBetween(Instant earlier, Instant later) {
        return Math.floorDiv(later.getEpochSecond(), SECONDS_PER_DAY) - Math.floorDiv(earlier.getEpochSecond(), SECONDS_PER_DAY);
    }
}
