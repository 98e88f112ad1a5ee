package ng.vaxtrace.stock.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.stock.config.StockConfig;

/**
 * Loads, when missing, what every deployment has: Nigeria's zones, states and 774 LGAs, the 818 stores of the supply
 * chain and the EPI product catalogue. Existing rows are left alone (reference-data events keep them current).
 * Synthetic health facilities are added only when configured (demos, benchmarks).
 */
@ApplicationScoped
public class ReferenceSeeder {

    private static final String INSERT_AREA = "insert into area (code, name, level, parent_code, latitude, longitude) "
            + "values ($1, $2, $3, $4, $5, $6) on conflict (code) do nothing";
    private static final String INSERT_FACILITY = "insert into facility (code, name, tier, zone_code, state_code, lga_code, "
            + "latitude, longitude, active, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (code) do nothing";
    private static final String INSERT_PRODUCT = "insert into product (code, name, kind, doses_per_vial, storage_min_c, storage_max_c, "
            + "freeze_sensitive, vvm, open_vial_hours, diluent_for, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
            + "on conflict (code) do nothing";

    void seed(@Observes StartupEvent startup, StockConfig config, Pool pool) {
        if (!config.seed().enabled()) {
            return;
        }
        Instant now = Instant.now();
        SyntheticNigeria synthetic = new SyntheticNigeria(config.seed().syntheticSeed(), config.seed().syntheticFacilitiesPerLga());
        List<Tuple> areas = new ArrayList<>();
        Geography.nigeria().all().stream().sorted(Comparator.comparing(a -> a.level().ordinal()))
                .forEach(a -> areas.add(Tuple.from(new Object[] { a.code(), a.name(), a.level().name(), a.parentCode(), a.latitude(), a.longitude() })));
        List<Tuple> facilities = new ArrayList<>();
        for (FacilityReference f : synthetic.facilities()) {
            if (f.tier() != FacilityTier.HEALTH_FACILITY || config.seed().syntheticFacilitiesPerLga() > 0) {
                facilities.add(Tuple.from(new Object[] { f.code(), f.name(), f.tier().name(), f.zoneCode(), f.stateCode(), f.lgaCode(),
                        f.latitude(), f.longitude(), f.active(), now.atOffset(java.time.ZoneOffset.UTC) }));
            }
        }
        List<Tuple> products = new ArrayList<>();
        for (ProductReference p : synthetic.products()) {
            products.add(Tuple.from(new Object[] { p.code(), p.name(), p.kind(), p.dosesPerVial(), p.storageMinC(), p.storageMaxC(),
                    p.freezeSensitive(), p.vvm(), p.openVialHours(), p.diluentFor(), now.atOffset(java.time.ZoneOffset.UTC) }));
        }
        pool.withTransaction(connection -> connection.preparedQuery(INSERT_AREA).executeBatch(areas)
                        .chain(() -> connection.preparedQuery(INSERT_FACILITY).executeBatch(facilities))
                        .chain(() -> connection.preparedQuery(INSERT_PRODUCT).executeBatch(products)))
                .await().indefinitely();
        Log.infof("reference data present: %d areas, %d facilities, %d products", areas.size(), facilities.size(), products.size());
    }

}
