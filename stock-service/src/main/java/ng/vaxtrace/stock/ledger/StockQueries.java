package ng.vaxtrace.stock.ledger;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.stock.rest.model.RejectedEventView;

/** Read model of the rejected-events store. */
@ApplicationScoped
public class StockQueries {

    private static final String IN_AREA = "facilityCode in (select f.code from Facility f "
            + "where f.zoneCode = ?1 or f.stateCode = ?1 or f.lgaCode = ?1)";

    /**
     * The most recently rejected events first: of one facility when {@code facilityCode} is given, else of the
     * facilities in {@code areaCode} (a zone, state or LGA), else all (national callers only: this includes events
     * naming unknown facilities).
     */
    public Uni<List<RejectedEventView>> rejectedEvents(String facilityCode, String areaCode, int limit) {
        Sort newest = Sort.descending("receivedAt").and("id", Sort.Direction.Descending);
        return Panache.withSession(() -> (facilityCode != null
                        ? RejectedEvent.<RejectedEvent>find("facilityCode", newest, facilityCode)
                        : areaCode != null
                                ? RejectedEvent.<RejectedEvent>find(IN_AREA, newest, areaCode)
                                : RejectedEvent.<RejectedEvent>findAll(newest))
                .page(0, limit).list())
                .map(rows -> rows.stream().map(r -> new RejectedEventView(r.eventId, r.eventType, r.facilityCode, r.reason,
                        r.receivedAt, r.payload)).toList());
    }
}
