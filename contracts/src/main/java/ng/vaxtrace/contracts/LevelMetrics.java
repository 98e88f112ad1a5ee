package ng.vaxtrace.contracts;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A facility's derived metrics for one product after a change: average monthly consumption (doses, adjusted for
 * stock-out days), months of stock, status against the tier's min/max, stock-out days in the last three months and
 * this one. {@code amc} and {@code monthsOfStock} are absent when there is not enough history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LevelMetrics(Long amc, BigDecimal monthsOfStock, String status, int stockOutDays, double minMonths,
        double maxMonths) {
}
