package ng.vaxtrace.stock.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import ng.vaxtrace.contracts.LevelMetrics;

/**
 * When a facility's usable stock of a product is projected to run out, issuing earliest expiry first. Pure: the
 * consumption goes on at the AMC ({@link #DAYS_PER_MONTH} days a month), lots are used in expiry order (FEFO, WHO
 * stock-records guidance; undated lots last), a lot is usable through its expiry date (Africa/Lagos) and what of it is
 * left at its end expires unused. So a lot expiring before it can be reached shortens the projection rather than
 * lengthening it, and the date a stock-out is expected on is stable from one day to the next while nothing is
 * reported (docs/domain-rules.md §5).
 *
 * @param daysOfStock           days of usable stock from {@code now}, cut to one decimal
 * @param predictedStockOutDate the Africa/Lagos day the usable stock is projected to run out on
 * @param dosesExpiringUnused   doses projected to expire before they can be used (0 when none)
 */
public record StockForecast(BigDecimal daysOfStock, LocalDate predictedStockOutDate, long dosesExpiringUnused) {

    /** Calendar days per month (365.25 ÷ 12): the AMC is per calendar month. */
    public static final double DAYS_PER_MONTH = 30.4375;
    private static final double SECONDS_PER_DAY = 86_400;

    /** One lot on hand: its doses and expiry date (null when not tracked by expiry). */
    public record LotOnHand(long doses, LocalDate expiry) {
    }

    /**
     * The forecast, or null when none can be made: no AMC (or an AMC of 0: nothing is consumed) or no usable stock
     * (the stock-out is now; the status says so).
     */
    public static StockForecast of(List<LotOnHand> lots, Long amc, Instant now) {
        if (amc == null || amc <= 0) {
            return null;
        }
        double perDay = amc / DAYS_PER_MONTH;
        double days = 0; // days from now at which the lots used so far run out
        long expiringUnused = 0;
        long usable = 0;
        List<LotOnHand> fefo = lots.stream().filter(l -> l.doses() > 0)
                .sorted(Comparator.comparing(LotOnHand::expiry, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        for (LotOnHand lot : fefo) {
            if (lot.expiry() == null) {
                usable += lot.doses();
                days += lot.doses() / perDay;
                continue;
            }
            double untilExpiry = secondsUntilExpired(lot.expiry(), now) / SECONDS_PER_DAY;
            if (untilExpiry <= 0) {
                continue; // expired already: not usable stock (and not "expiring")
            }
            usable += lot.doses();
            double reach = Math.max(0, untilExpiry - days) * perDay;
            if (reach >= lot.doses()) {
                days += lot.doses() / perDay;
            } else {
                long used = (long) Math.floor(reach);
                expiringUnused += lot.doses() - used;
                days = Math.max(days, untilExpiry);
            }
        }
        if (usable <= 0) {
            return null;
        }
        Instant out = now.plusSeconds((long) Math.floor(days * SECONDS_PER_DAY));
        return new StockForecast(BigDecimal.valueOf(days).setScale(1, RoundingMode.DOWN), StockMetrics.businessDay(out), expiringUnused);
    }

    /** The metrics of a level change (contract {@link LevelMetrics}), with the forecast when there is one. */
    public static LevelMetrics levelMetrics(Long amc, BigDecimal monthsOfStock, StockStatus status, int stockOutDays, MinMax minMax,
            StockForecast forecast) {
        return new LevelMetrics(amc, monthsOfStock, status.name(), stockOutDays, minMax.minMonths(), minMax.maxMonths(),
                forecast == null ? null : forecast.daysOfStock(), forecast == null ? null : forecast.predictedStockOutDate(),
                forecast == null ? null : forecast.dosesExpiringUnused(), minMax.minStock(), minMax.maxStock());
    }

    /** Whether a lot is expired on {@code today}: it is usable through its expiry date, expired from the day after. */
    public static boolean expired(LocalDate expiry, LocalDate today) {
        return expiry != null && expiry.isBefore(today);
    }

    private static long secondsUntilExpired(LocalDate expiry, Instant now) {
        Instant end = expiry.plusDays(1).atStartOfDay(StockMetrics.BUSINESS_ZONE).toInstant();
        return Duration.between(now, end).getSeconds();
    }
}
