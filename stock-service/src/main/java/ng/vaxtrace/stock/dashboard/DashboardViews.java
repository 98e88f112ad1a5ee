package ng.vaxtrace.stock.dashboard;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ng.vaxtrace.stock.metrics.ScheduleNeed;
import ng.vaxtrace.stock.metrics.Wastage;

/** The JSON shapes of the dashboard API. */
public final class DashboardViews {

    private DashboardViews() {
    }

    public record AreaRef(String code, String name) {
    }

    public record LocationNode(String code, String name, String level, long facilities, List<LocationNode> children) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FacilityDetail(String code, String name, String tier, AreaRef zone, AreaRef state, AreaRef lga, Double latitude,
            Double longitude, boolean active, Instant lastReportAt, Long daysSinceLastReport) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FacilityStock(String facilityCode, String tier, Instant lastReportAt, Long daysSinceLastReport,
            List<ProductStock> products, Integer targetPopulation) {
    }

    /**
     * A product at a facility (docs/domain-rules.md §5): doses on hand and in vials of its presentation; usable doses
     * (expired lots and doses reported at VVM 3/4 still on hand left out — {@code expiredQuantity},
     * {@code vvmDiscardQuantity}; for a vaccine the catalogue pairs with a diluent, no more than the usable diluent doses);
     * the lot to use or ship first (earliest expiry first); the predicted stock-out, as published on the level change;
     * wastage of the last 3 complete months and this one; where the facility has a target population, the monthly
     * need and min/max stock the immunisation schedule gives ({@code scheduleNeed}), and then {@code minStock} /
     * {@code maxStock}: the doses the status was judged on (absent when judged on months × AMC, docs/domain-rules.md §6).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProductStock(String productCode, long quantity, Long amc, BigDecimal monthsOfStock, String status,
            int stockOutDays, double minMonths, double maxMonths, Long minStock, Long maxStock, List<LotStock> lots, Integer dosesPerVial, BigDecimal vials,
            long usableQuantity, Long expiredQuantity, Long vvmDiscardQuantity, String diluentCode, Long diluentUsableQuantity, String useFirst,
            BigDecimal daysOfStock, LocalDate predictedStockOutDate, Long dosesExpiringUnused, Wastage wastage,
            ScheduleNeed.Need scheduleNeed) {
    }

    /**
     * A lot on hand; {@code expired} is true from the day after its expiry date (Africa/Lagos); {@code vvmStage} the worst
     * VVM stage 3/4 reported since the lot was last found clear, {@code vvmDosesToDiscard} the doses reported at it and
     * still on hand (docs/domain-rules.md §2).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LotStock(String lotCode, LocalDate expiry, long quantity, Instant lastOccurredAt, Boolean expired, Integer vvmStage,
            Long vvmDosesToDiscard) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AreaStock(AreaRef area, String level, String tier, List<AreaProductStock> products) {
    }

    /**
     * Stock of a product across an area: the total on hand (all tiers in scope), the AMC of the health facilities in
     * scope (consumption at the point of use), months of stock = balance ÷ AMC, and facility counts by status.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AreaProductStock(String productCode, long balance, Long amc, BigDecimal monthsOfStock, long facilities,
            Map<String, Long> byStatus) {
    }

    public record Kpi(String productCode, long facilities, long stockedOut, long withinMinMax, long adequate,
            BigDecimal stockedOutShare, BigDecimal withinMinMaxShare, BigDecimal adequateShare) {
    }

    public record Kpis(AreaRef area, String tier, List<Kpi> products) {
    }

    /** A ledger line; {@code voidedBy} names the void of a voided entry, {@code voids} the entry a void compensates. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LedgerLine(String eventId, String type, String productCode, String lotCode, LocalDate lotExpiry, long quantity,
            long delta, long balanceAfter, Instant occurredAt, Instant recordedAt, String sourceSystem, Integer vvmStage,
            String reason, String counterpartyCode, String voidedBy, String voids) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LedgerPage(String facilityCode, List<LedgerLine> items, String nextCursor) {
    }
}
