package ng.vaxtrace.stock.rest;

import java.util.List;
import java.util.stream.Collectors;

import ng.vaxtrace.http.Csv;
import ng.vaxtrace.stock.audit.AuditLog;
import ng.vaxtrace.stock.dashboard.PlaceQueries;
import ng.vaxtrace.stock.dashboard.DashboardViews.AreaProductStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.AreaStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.FacilityStock;
import ng.vaxtrace.stock.dashboard.DashboardViews.Kpi;
import ng.vaxtrace.stock.dashboard.DashboardViews.Kpis;
import ng.vaxtrace.stock.dashboard.DashboardViews.LedgerLine;
import ng.vaxtrace.stock.dashboard.DashboardViews.LedgerPage;
import ng.vaxtrace.stock.dashboard.DashboardViews.ProductStock;
import ng.vaxtrace.stock.metrics.ScheduleNeed;
import ng.vaxtrace.stock.metrics.Wastage;
import ng.vaxtrace.stock.metrics.StockStatus;
import ng.vaxtrace.stock.rest.model.RejectedEventView;

/**
 * The dashboard API's tables as spreadsheet rows: the same figures as the JSON, flattened (a map becomes one column per
 * key, in the JSON's order; a list of lots one cell), so a CSV row can be checked against its JSON object field by field.
 */
final class DashboardCsv {

    static final List<String> KPIS = List.of("area", "area_name", "tier", "product", "facilities", "stocked_out", "within_min_max",
            "adequate", "stocked_out_share", "within_min_max_share", "adequate_share");
    static final List<String> AREA_STOCK = List.of("area", "area_name", "level", "tier", "product", "balance", "amc",
            "months_of_stock", "facilities", "stocked_out", "below_min", "within_range", "above_max", "unknown");
    static final List<String> FACILITY_STOCK = List.of("facility", "tier", "product", "quantity", "amc", "months_of_stock", "status",
            "stock_out_days", "min_months", "max_months", "doses_per_vial", "vials", "usable_quantity", "expired_quantity",
            "diluent", "diluent_usable_quantity", "use_first", "days_of_stock", "predicted_stock_out_date", "doses_expiring_unused",
            "administered", "discarded", "open_vial_discarded", "wastage_rate_percent", "open_vial_wastage_rate_percent",
            "monthly_need", "schedule_min_stock", "schedule_max_stock", "lots");
    static final List<String> LEDGER = List.of("facility", "event_id", "type", "product", "lot", "lot_expiry", "quantity", "delta",
            "balance_after", "occurred_at", "recorded_at", "source_system", "vvm_stage", "reason", "counterparty", "voided_by", "voids");
    static final List<String> AUDIT = List.of("id", "at", "actor", "role", "actor_area", "action", "subject_type", "subject_id",
            "facility", "before", "after");
    static final List<String> PLACES = List.of("facility", "name", "tier", "zone", "state", "lga", "latitude", "longitude", "distance_km");
    static final List<String> REJECTED_EVENTS = List.of("event_id", "event_type", "facility", "reason", "received_at", "payload");

    private DashboardCsv() {
    }

    static Csv kpis(Kpis kpis) {
        Csv csv = new Csv(KPIS);
        for (Kpi k : kpis.products()) {
            csv.row(kpis.area().code(), kpis.area().name(), kpis.tier(), k.productCode(), k.facilities(), k.stockedOut(), k.withinMinMax(),
                    k.adequate(), k.stockedOutShare(), k.withinMinMaxShare(), k.adequateShare());
        }
        return csv;
    }

    static Csv areaStock(AreaStock stock) {
        Csv csv = new Csv(AREA_STOCK);
        for (AreaProductStock p : stock.products()) {
            csv.row(stock.area().code(), stock.area().name(), stock.level(), stock.tier(), p.productCode(), p.balance(), p.amc(),
                    p.monthsOfStock(), p.facilities(), p.byStatus().get(StockStatus.STOCKED_OUT.name()),
                    p.byStatus().get(StockStatus.BELOW_MIN.name()), p.byStatus().get(StockStatus.WITHIN_RANGE.name()),
                    p.byStatus().get(StockStatus.ABOVE_MAX.name()), p.byStatus().get(StockStatus.UNKNOWN.name()));
        }
        return csv;
    }

    /** One row per product; its lots in one cell as {@code code:doses:expiry} joined by {@code ; }, earliest expiry first. */
    static Csv facilityStock(FacilityStock stock) {
        Csv csv = new Csv(FACILITY_STOCK);
        for (ProductStock p : stock.products()) {
            Wastage w = p.wastage();
            ScheduleNeed.Need need = p.scheduleNeed();
            String lots = p.lots().stream().map(l -> l.lotCode() + ":" + l.quantity() + (l.expiry() == null ? "" : ":" + l.expiry()))
                    .collect(Collectors.joining("; "));
            csv.row(stock.facilityCode(), stock.tier(), p.productCode(), p.quantity(), p.amc(), p.monthsOfStock(), p.status(),
                    p.stockOutDays(), p.minMonths(), p.maxMonths(), p.dosesPerVial(), p.vials(), p.usableQuantity(), p.expiredQuantity(),
                    p.diluentCode(), p.diluentUsableQuantity(), p.useFirst(), p.daysOfStock(), p.predictedStockOutDate(),
                    p.dosesExpiringUnused(), w == null ? null : w.administered(), w == null ? null : w.discarded(),
                    w == null ? null : w.openVialDiscarded(), w == null ? null : w.ratePercent(), w == null ? null : w.openVialRatePercent(),
                    need == null ? null : need.monthlyNeed(), need == null ? null : need.minStock(), need == null ? null : need.maxStock(),
                    lots);
        }
        return csv;
    }

    static Csv ledger(LedgerPage page) {
        Csv csv = new Csv(LEDGER);
        for (LedgerLine l : page.items()) {
            csv.row(page.facilityCode(), l.eventId(), l.type(), l.productCode(), l.lotCode(), l.lotExpiry(), l.quantity(), l.delta(),
                    l.balanceAfter(), l.occurredAt(), l.recordedAt(), l.sourceSystem(), l.vvmStage(), l.reason(), l.counterpartyCode(),
                    l.voidedBy(), l.voids());
        }
        return csv;
    }

    /** One row per facility found, nearest first for a search near a point ({@code distance_km} empty for a box). */
    static Csv places(PlaceQueries.Places found) {
        Csv csv = new Csv(PLACES);
        for (PlaceQueries.Place p : found.facilities()) {
            csv.row(p.code(), p.name(), p.tier(), p.zoneCode(), p.stateCode(), p.lgaCode(), p.latitude(), p.longitude(), p.distanceKm());
        }
        return csv;
    }

    /** One row per audited action; {@code before} and {@code after} as JSON text. */
    static Csv audit(AuditLog.Page page) {
        Csv csv = new Csv(AUDIT);
        for (AuditLog.Entry e : page.items()) {
            csv.row(e.id(), e.at(), e.actor(), e.role(), e.actorArea(), e.action(), e.subjectType(), e.subjectId(), e.facilityCode(),
                    e.before(), e.after());
        }
        return csv;
    }

    /** One row per event; {@code payload} is the record as received, so it is the cell most likely to hold hostile text. */
    static Csv rejectedEvents(List<RejectedEventView> events) {
        Csv csv = new Csv(REJECTED_EVENTS);
        for (RejectedEventView e : events) {
            csv.row(e.eventId(), e.eventType(), e.facilityCode(), e.reason(), e.receivedAt(), e.payload());
        }
        return csv;
    }
}
