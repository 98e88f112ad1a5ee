package ng.vaxtrace.stock.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.stock.rest.model.FacilityStock;
import ng.vaxtrace.stock.rest.model.RejectedEventView;

/** Read models for the API, built from the balances and the rejected-events store. */
@ApplicationScoped
public class StockQueries {

    /** The facility's stock per product and lot, or null when nothing was ever recorded for it. */
    public Uni<FacilityStock> facilityStock(String facilityCode) {
        return Panache.withSession(() -> StockBalance.<StockBalance>list("facilityCode",
                        Sort.by("productCode").and("lotExpiry").and("lotCode"), facilityCode))
                .map(balances -> balances.isEmpty() ? null : toFacilityStock(facilityCode, balances));
    }

    /** The most recently rejected events first, optionally for one facility. */
    public Uni<List<RejectedEventView>> rejectedEvents(String facilityCode, int limit) {
        Sort newest = Sort.descending("receivedAt").and("id", Sort.Direction.Descending);
        return Panache.withSession(() -> (facilityCode == null
                        ? RejectedEvent.<RejectedEvent>findAll(newest)
                        : RejectedEvent.<RejectedEvent>find("facilityCode", newest, facilityCode))
                .page(0, limit).list())
                .map(rows -> rows.stream().map(r -> new RejectedEventView(r.eventId, r.eventType, r.facilityCode, r.reason,
                        r.receivedAt, r.payload)).toList());
    }

    private static FacilityStock toFacilityStock(String facilityCode, List<StockBalance> balances) {
        Map<String, List<FacilityStock.LotStock>> lotsByProduct = new LinkedHashMap<>();
        Instant last = null;
        for (StockBalance b : balances) {
            lotsByProduct.computeIfAbsent(b.productCode, p -> new ArrayList<>())
                    .add(new FacilityStock.LotStock(b.lotCode, b.lotExpiry, b.quantity, b.lastOccurredAt));
            last = last == null || b.lastOccurredAt.isAfter(last) ? b.lastOccurredAt : last;
        }
        List<FacilityStock.ProductStock> products = lotsByProduct.entrySet().stream()
                .map(e -> new FacilityStock.ProductStock(e.getKey(),
                        e.getValue().stream().mapToLong(FacilityStock.LotStock::quantity).sum(), e.getValue()))
                .toList();
        return new FacilityStock(facilityCode, products, last);
    }
}
