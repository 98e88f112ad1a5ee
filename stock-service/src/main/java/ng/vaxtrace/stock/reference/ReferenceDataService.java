package ng.vaxtrace.stock.reference;

import java.time.Clock;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.LotReference;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.stock.ledger.DailyRecompute;

/** Applies reference-data events (from the OpenLMIS connector or the seed): the latest version of each wins. */
@ApplicationScoped
public class ReferenceDataService {

    static final String UPSERT_LOT = "insert into lot (product_code, code, expiry, manufacturer) values (?1, ?2, ?3, ?4) "
            + "on conflict (product_code, code) do update set expiry = excluded.expiry, "
            + "manufacturer = coalesce(excluded.manufacturer, lot.manufacturer)";

    private final Clock clock;
    private final StockCache cache;
    private final DailyRecompute recompute;

    public ReferenceDataService(Clock clock, StockCache cache, DailyRecompute recompute) {
        this.clock = clock;
        this.cache = cache;
        this.recompute = recompute;
    }

    /** What a facility reference changed: the areas whose cached answers it touches, and whether its min/max moved. */
    private record FacilityChange(String areas, boolean limitsMoved) {
    }

    /**
     * Applies a facility reference. When its target population or tier changed, the min/max its stock is judged by
     * moved (docs/domain-rules.md §6): its pairs are re-judged and published at once. A failure there is logged, not
     * retried — the next event of a pair or the month's full recompute judges it anyway.
     */
    public Uni<Void> upsertFacility(FacilityReference reference) {
        Log.debugf("facility %s", reference.code());
        return Panache.withTransaction(() -> Facility.<Facility>findById(reference.code())
                        .flatMap(existing -> {
                            Facility facility = existing != null ? existing : new Facility();
                            String oldChain = existing != null ? existing.areaChain() : null;
                            String oldTier = existing != null ? existing.tier : null;
                            Integer oldPopulation = existing != null ? existing.targetPopulation : null;
                            facility.apply(reference, clock.instant());
                            boolean moved = existing != null && (!Objects.equals(oldTier, facility.tier)
                                    || !Objects.equals(oldPopulation, facility.targetPopulation));
                            return facility.persist().replaceWith(new FacilityChange(oldChain == null ? facility.areaChain()
                                    : oldChain + "," + facility.areaChain(), moved));
                        }))
                .call(change -> !change.limitsMoved() ? Uni.createFrom().voidItem()
                        : recompute.facility(reference.code())
                                .invoke(n -> Log.infof("facility %s: min/max changed, %d products re-judged", reference.code(), n))
                                .replaceWithVoid()
                                .onFailure().recoverWithUni(e -> {
                                    Log.warnf("facility %s: products not re-judged now (the next event or full recompute will): %s",
                                            reference.code(), e.toString());
                                    return Uni.createFrom().voidItem();
                                }))
                .flatMap(change -> cache.invalidate(reference.code(), change.areas()));
    }

    public Uni<Void> upsertProduct(ProductReference reference) {
        return Panache.withTransaction(() -> Product.<Product>findById(reference.code())
                .flatMap(existing -> {
                    Product product = existing != null ? existing : new Product();
                    product.apply(reference, clock.instant());
                    return product.persist();
                })).replaceWithVoid();
    }

    public Uni<Void> upsertLot(LotReference reference) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT_LOT)
                .setParameter(1, reference.productCode()).setParameter(2, reference.code())
                .setParameter(3, reference.expiry()).setParameter(4, reference.manufacturer())
                .executeUpdate())).replaceWithVoid();
    }
}
