package ng.vaxtrace.stock.outcome;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import ng.vaxtrace.stock.metrics.MinMax;
import ng.vaxtrace.stock.metrics.Movement;
import ng.vaxtrace.stock.metrics.StockMetrics;

/**
 * One facility × product's figures for one Africa/Lagos month, from its day rollups ({@code stock_day}) and its balance
 * now. Pure. The balance at the end of each day is walked back from the balance now, so a day ends stocked out exactly
 * when it lies in one of {@link StockMetrics}'s stock-out ranges (out from the day the balance reached 0 to the day
 * it rose again); days are counted on the real calendar here (a rate of days), where the AMC uses the 360-day one.
 */
public final class MonthFigures {

    /** One business day's rollup: the signed change of the product's balance, doses used, the part counts made. */
    public record Day(LocalDate day, long net, long used, long counted) {
    }

    /**
     * The month's figures; {@code amc}, {@code monthsOfStock} and {@code status} are those at the end of the month
     * (what stock-service computes on the first day of the next one). {@code facilityDays} 0: the card did not exist.
     */
    public record Result(int facilityDays, int stockOutDays, long used, long openingBalance, long closingBalance, Long amc,
            BigDecimal monthsOfStock, String status) {
    }

    private MonthFigures() {
    }

    /**
     * @param days          the pair's day rollups in day order, from at least the start of the AMC window of the
     *                      month's end ({@code month − 2}) to today
     * @param balanceNow    the product's balance at the facility now
     * @param firstEventDay the business day of the card's first event
     * @param today         today's business day; a month after it has no figures, the current one counts to today
     */
    public static Result compute(YearMonth month, List<Day> days, long balanceNow, LocalDate firstEventDay, LocalDate today,
            MinMax minMax) {
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        LocalDate from = firstEventDay.isAfter(first) ? firstEventDay : first;
        LocalDate to = today.isBefore(last) ? today : last;
        long after = 0, inMonth = 0, used = 0, counted = 0;
        for (Day d : days) {
            if (d.day().isAfter(last)) {
                after += d.net();
            } else if (!d.day().isBefore(first)) {
                inMonth += d.net();
                used += d.used();
                counted += d.counted();
            }
        }
        long closing = balanceNow - after;
        long opening = closing - inMonth;
        int facilityDays = from.isAfter(to) ? 0 : (int) (to.toEpochDay() - from.toEpochDay() + 1);
        int outDays = 0;
        long balance = opening;
        int next = 0;
        while (next < days.size() && days.get(next).day().isBefore(first)) {
            next++;
        }
        for (LocalDate day = first; !day.isAfter(to); day = day.plusDays(1)) {
            while (next < days.size() && days.get(next).day().equals(day)) {
                balance += days.get(next++).net();
            }
            if (!day.isBefore(from) && balance <= 0) {
                outDays++;
            }
        }
        long consumption = used > 0 ? used : Math.max(0, -counted);
        StockMetrics.Result end = monthEnd(month, days, closing, firstEventDay, minMax);
        return new Result(facilityDays, outDays, consumption, opening, closing, end.amc(), end.monthsOfStock(), end.status().name());
    }

    /** The metrics at the end of the month: {@link StockMetrics} evaluated at the first instant of the next month. */
    private static StockMetrics.Result monthEnd(YearMonth month, List<Day> days, long closing, LocalDate firstEventDay, MinMax minMax) {
        List<Movement> movements = new ArrayList<>(days.size());
        for (Day d : days) {
            if (!d.day().isAfter(month.atEndOfMonth())) {
                movements.add(new Movement(d.day().atStartOfDay(StockMetrics.BUSINESS_ZONE).toInstant(), d.net(), d.used(), d.counted()));
            }
        }
        return StockMetrics.compute(movements, closing, firstEventDay.atStartOfDay(StockMetrics.BUSINESS_ZONE).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(StockMetrics.BUSINESS_ZONE).toInstant(), minMax);
    }
}
