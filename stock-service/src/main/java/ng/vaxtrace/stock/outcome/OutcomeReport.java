package ng.vaxtrace.stock.outcome;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An area's (or a facility's) outcome metrics for one month, as docs/outcome-metrics.md defines them. Rates are
 * fractions (0–1) to 4 decimals; null where the denominator is 0 or unknown.
 *
 * @param computedAt when the month's rollup was last computed: the figures are as of then
 */
@RegisterForReflection
public record OutcomeReport(String areaCode, String areaName, String level, String month, Instant computedAt, Reporting reporting,
        List<ProductOutcome> products) {

    /** Facilities with a stock card in the month, those that sent a physical count of it, and those on time. */
    @RegisterForReflection
    public record Reporting(long facilities, long reported, long onTime, BigDecimal onTimeRate, LocalDate deadline) {
    }

    /**
     * One product's figures. {@code wastage}: doses by reason (EXPIRED, VVM, FREEZE, HEAT, BREAKAGE, OPEN_VIAL);
     * {@code monthsOfStock}: facilities by status at the month's end; {@code monthsOfStockBands}: facilities by band of
     * months of stock at the month's end (NO_AMC when unknown).
     */
    @RegisterForReflection
    public record ProductOutcome(String product, long facilities, long facilityDays, long stockOutDays, BigDecimal stockOutRate,
            long used, long wasted, BigDecimal wastageRate, Map<String, Long> wastage, long closingStock, Long targetChildren,
            BigDecimal dosesPerTargetChild, Map<String, Long> monthsOfStock, Map<String, Long> monthsOfStockBands) {
    }
}
