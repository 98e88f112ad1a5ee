package ng.vaxtrace.stock.reference;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.LotReference;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.stock.cache.StockCache;

/** Applies reference-data events (from the OpenLMIS connector or the seed): the latest version of each wins. */
@ApplicationScoped
public class ReferenceDataService {

    static final String UPSERT_LOT = "insert into lot (product_code, code, expiry, manufacturer) values (?1, ?2, ?3, ?4) "
            + "on conflict (product_code, code) do update set expiry = excluded.expiry, "
            + "manufacturer = coalesce(excluded.manufacturer, lot.manufacturer)";

    private final Clock clock;
    private final StockCache cache;

    public ReferenceDataService(Clock clock, StockCache cache) {
        this.clock = clock;
        this.cache = cache;
    }

    public Uni<Void> upsertFacility(FacilityReference reference) {
        Log.debugf("facility %s", reference.code());
        return Panache.withTransaction(() -> Facility.<Facility>findById(reference.code())
                        .flatMap(existing -> {
                            Facility facility = existing != null ? existing : new Facility();
                            String oldChain = existing != null ? existing.areaChain() : null;
                            facility.apply(reference, clock.instant());
                            return facility.persist().replaceWith(oldChain == null ? facility.areaChain()
                                    : oldChain + "," + facility.areaChain());
                        }))
                .flatMap(areas -> cache.invalidate(reference.code(), areas));
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
