package ng.vaxtrace.stock.trend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Daily figures over time from the per-day rollup {@code stock_day} (docs/trends.md): stock on hand at the end of each
 * day, walked back from today's balance by each later day's net change; doses used that day; and months of stock
 * against the consumption of the 90 days up to that day. Plain code, no I/O.
 */
public final class TrendSeries {

    /** Days of consumption behind each day's average monthly consumption. */
    public static final int AMC_WINDOW_DAYS = 90;
    /** Days per month (365.25 / 12), as the stock metrics use. */
    private static final BigDecimal DAYS_PER_MONTH = new BigDecimal("30.4375");

    private TrendSeries() {
    }

    /** One business day's row of the rollup: doses used (consumed or issued) and the signed change of the balance. */
    public record Movement(LocalDate day, long used, long netDelta) {
    }

    /**
     * One day of the trend.
     *
     * @param stockOnHand   doses at the end of the day (Africa/Lagos)
     * @param consumed      doses used that day
     * @param monthsOfStock stock on hand ÷ the average monthly consumption of the 90 days to this day; absent without
     *                      consumption in that window
     */
    @RegisterForReflection
    public record Point(LocalDate day, long stockOnHand, long consumed, BigDecimal monthsOfStock) {
    }

    /**
     * The days {@code from}..{@code to} (inclusive, {@code to} ≤ {@code today}), from the balance now and the
     * movements of every day since {@code from − 89} (in any order; days without a row had none).
     */
    public static List<Point> build(long balanceNow, List<Movement> movements, LocalDate from, LocalDate to, LocalDate today) {
        LocalDate first = from.minusDays(AMC_WINDOW_DAYS - 1L);
        int days = (int) ChronoUnit.DAYS.between(first, today) + 1;
        long[] used = new long[days];
        long[] net = new long[days];
        for (Movement m : movements) {
            int i = (int) ChronoUnit.DAYS.between(first, m.day());
            if (i >= 0 && i < days) {
                used[i] += m.used();
                net[i] += m.netDelta();
            }
        }
        // End-of-day stock, walked back from today's balance (which holds today's movements).
        long[] onHand = new long[days];
        onHand[days - 1] = balanceNow;
        for (int i = days - 2; i >= 0; i--) {
            onHand[i] = onHand[i + 1] - net[i + 1];
        }
        int start = (int) ChronoUnit.DAYS.between(first, from);
        int end = (int) ChronoUnit.DAYS.between(first, to);
        long window = 0;
        for (int i = start - AMC_WINDOW_DAYS + 1; i < start; i++) {
            window += used[i];
        }
        List<Point> points = new ArrayList<>(end - start + 1);
        for (int i = start; i <= end; i++) {
            window += used[i];
            if (i - AMC_WINDOW_DAYS >= 0) {
                window -= used[i - AMC_WINDOW_DAYS];
            }
            points.add(new Point(first.plusDays(i), onHand[i], used[i], monthsOfStock(onHand[i], window)));
        }
        return points;
    }

    private static BigDecimal monthsOfStock(long onHand, long usedInWindow) {
        if (usedInWindow <= 0) {
            return null;
        }
        // onHand ÷ (usedInWindow ÷ 90 × 30.4375)
        return BigDecimal.valueOf(Math.max(0, onHand)).multiply(BigDecimal.valueOf(AMC_WINDOW_DAYS))
                .divide(BigDecimal.valueOf(usedInWindow).multiply(DAYS_PER_MONTH), 2, RoundingMode.HALF_UP);
    }
}
