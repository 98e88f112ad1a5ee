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
}
