package ng.vaxtrace.stock.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

import ng.vaxtrace.stock.outcome.OutcomeReport;

/**
 * The figures a mapping can send to DHIS2, each read from an {@link OutcomeReport} (docs/outcome-metrics.md defines
 * them). Rates go as percentages to 2 decimals, as DHIS2 percentage data elements expect.
 */
public enum Dhis2Metric {
    FACILITY_DAYS(true), STOCK_OUT_DAYS(true), STOCK_OUT_RATE(true), DOSES_USED(true), DOSES_WASTED(true), WASTAGE_RATE(true),
    WASTED_EXPIRED(true), WASTED_VVM(true), WASTED_FREEZE(true), WASTED_HEAT(true), WASTED_BREAKAGE(true), WASTED_OPEN_VIAL(true),
    CLOSING_STOCK(true), DOSES_PER_TARGET_CHILD(true), FACILITIES_STOCKED_OUT(true),
    FACILITIES_REPORTING(false), FACILITIES_REPORTED(false), FACILITIES_REPORTED_ON_TIME(false), REPORTING_ON_TIME_RATE(false);

    private final boolean perProduct;

    Dhis2Metric(boolean perProduct) {
        this.perProduct = perProduct;
    }

    public boolean perProduct() {
        return perProduct;
    }

    static Dhis2Metric parse(String name) {
        return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /** The value as DHIS2 takes it (a string), or null when the figure is unknown (no value is sent then). */
    String value(OutcomeReport report, OutcomeReport.ProductOutcome p) {
        OutcomeReport.Reporting r = report.reporting();
        return switch (this) {
            case FACILITY_DAYS -> text(p.facilityDays());
            case STOCK_OUT_DAYS -> text(p.stockOutDays());
            case STOCK_OUT_RATE -> percent(p.stockOutRate());
            case DOSES_USED -> text(p.used());
            case DOSES_WASTED -> text(p.wasted());
            case WASTAGE_RATE -> percent(p.wastageRate());
            case WASTED_EXPIRED -> text(p.wastage().get("EXPIRED"));
            case WASTED_VVM -> text(p.wastage().get("VVM"));
            case WASTED_FREEZE -> text(p.wastage().get("FREEZE"));
            case WASTED_HEAT -> text(p.wastage().get("HEAT"));
            case WASTED_BREAKAGE -> text(p.wastage().get("BREAKAGE"));
            case WASTED_OPEN_VIAL -> text(p.wastage().get("OPEN_VIAL"));
            case CLOSING_STOCK -> text(p.closingStock());
            case DOSES_PER_TARGET_CHILD -> p.dosesPerTargetChild() == null ? null : p.dosesPerTargetChild().setScale(2, RoundingMode.HALF_UP).toPlainString();
            case FACILITIES_STOCKED_OUT -> text(p.monthsOfStock().get("STOCKED_OUT"));
            case FACILITIES_REPORTING -> text(r.facilities());
            case FACILITIES_REPORTED -> text(r.reported());
            case FACILITIES_REPORTED_ON_TIME -> text(r.onTime());
            case REPORTING_ON_TIME_RATE -> percent(r.onTimeRate());
        };
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }

    private static String percent(BigDecimal rate) {
        return rate == null ? null : rate.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
