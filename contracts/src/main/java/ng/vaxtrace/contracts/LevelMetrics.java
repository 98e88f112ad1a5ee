package ng.vaxtrace.contracts;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A facility's derived metrics for one product after a change: average monthly consumption (doses, adjusted for
 * stock-out days), months of stock, status against the facility's min/max, stock-out days in the last three months and
 * this one. {@code amc} and {@code monthsOfStock} are absent when there is not enough history.
 *
 * @param daysOfStock           v1.4: days of usable stock from {@code recordedAt} (expired lots left out, lots used
 *                              earliest expiry first at the AMC), cut to one decimal; absent without an AMC or usable stock
 * @param predictedStockOutDate v1.4: the Africa/Lagos day that stock is projected to run out on
 * @param dosesExpiringUnused   v1.4: doses of the lots on hand projected to expire before they can be used
 * @param minStock              v1.5: where the facility has a target population, the minimum stock in doses from its
 *                              need by the immunisation schedule (ISA); the status was judged on it and {@code maxStock}
 *                              instead of the tier's months × AMC. Absent otherwise
 * @param maxStock              v1.5: the maximum stock in doses from the same need; present with {@code minStock}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LevelMetrics(Long amc, BigDecimal monthsOfStock, String status, int stockOutDays, double minMonths,
        double maxMonths, BigDecimal daysOfStock, LocalDate predictedStockOutDate, Long dosesExpiringUnused, Long minStock,
        Long maxStock) {

    /** Metrics without the v1.4 forecast. */
    public LevelMetrics(Long amc, BigDecimal monthsOfStock, String status, int stockOutDays, double minMonths, double maxMonths) {
        this(amc, monthsOfStock, status, stockOutDays, minMonths, maxMonths, null, null, null);
    }

    /** Metrics judged on months of AMC (no v1.5 min/max stock from a target population). */
    public LevelMetrics(Long amc, BigDecimal monthsOfStock, String status, int stockOutDays, double minMonths, double maxMonths,
            BigDecimal daysOfStock, LocalDate predictedStockOutDate, Long dosesExpiringUnused) {
        this(amc, monthsOfStock, status, stockOutDays, minMonths, maxMonths, daysOfStock, predictedStockOutDate, dosesExpiringUnused,
                null, null);
    }
}
