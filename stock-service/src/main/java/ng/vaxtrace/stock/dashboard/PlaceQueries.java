package ng.vaxtrace.stock.dashboard;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.FacilityTier;

/**
 * Facilities by where they are — in a bounding box (the map's viewport) or within a radius of a point, nearest first
 * — over the GiST index of {@code facility.location} (PostGIS, WGS 84; migration V21). Distances are on the sphere
 * ({@code ST_DistanceSphere}), the same measure the redistribution planner uses.
 */
@ApplicationScoped
public class PlaceQueries {

    /** Kilometres per degree of latitude (and of longitude at the equator) on the mean sphere. */
    private static final double KM_PER_DEGREE = 111.195;

    private static final String COLUMNS = "select f.code, f.name, f.tier, f.zone_code, f.state_code, f.lga_code, f.latitude, f.longitude";

    /** Where to look. */
    public sealed interface Where permits Box, Near {
    }

    /** A bounding box in degrees, west-south-east-north (GeoJSON's bbox order). */
    public record Box(double minLongitude, double minLatitude, double maxLongitude, double maxLatitude) implements Where {
    }

    /** A circle around a point, in degrees and kilometres. */
    public record Near(double latitude, double longitude, double radiusKm) implements Where {

        /**
         * Half the side, in degrees, of a square around the point that surely holds the circle: the index narrows the
         * search to it, then the exact distance decides. Longitude degrees shrink with latitude, so take the widest.
         */
        double boxDegrees() {
            double latitudeDegrees = radiusKm / KM_PER_DEGREE;
            double farthest = Math.min(89.0, Math.abs(latitude) + latitudeDegrees);
            return radiusKm / (KM_PER_DEGREE * Math.cos(Math.toRadians(farthest)));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Place(String code, String name, String tier, String zoneCode, String stateCode, String lgaCode, double latitude,
            double longitude, Double distanceKm) {
    }

    /** The facilities found; {@code truncated} when there were more than the limit (narrow the box or the radius). */
    public record Places(String area, int count, boolean truncated, List<Place> facilities) {
    }

    private final Pool pool;

    public PlaceQueries(Pool pool) {
        this.pool = pool;
    }

    /** Active facilities of the area (and tier) that are {@code where}: by code in a box, nearest first in a circle. */
    public Uni<Places> find(AreaScope area, Where where, FacilityTier tier, int limit) {
        String filters = " and " + area.condition(1) + " and ($6::text is null or f.tier = $6)";
        String sql;
        Tuple parameters;
        if (where instanceof Box box) {
            sql = COLUMNS + ", null::float8 as distance_m from facility f "
                    + "where f.active and f.location && ST_MakeEnvelope($2, $3, $4, $5, 4326)" + filters
                    + " order by f.code limit $7";
            parameters = Tuple.from(new Object[] { area.code(), box.minLongitude(), box.minLatitude(), box.maxLongitude(),
                    box.maxLatitude(), tier == null ? null : tier.name(), limit + 1 });
        } else {
            Near near = (Near) where;
            sql = COLUMNS + ", ST_DistanceSphere(f.location, p.point) as distance_m "
                    + "from facility f, (select ST_SetSRID(ST_MakePoint($3, $2), 4326) as point) p "
                    + "where f.active and f.location && ST_Expand(p.point, $5) and ST_DistanceSphere(f.location, p.point) <= $4" + filters
                    + " order by distance_m, f.code limit $7";
            parameters = Tuple.from(new Object[] { area.code(), near.latitude(), near.longitude(), near.radiusKm() * 1000,
                    near.boxDegrees(), tier == null ? null : tier.name(), limit + 1 });
        }
        return pool.preparedQuery(sql).execute(parameters).map(rows -> {
            List<Place> places = new ArrayList<>(Math.min(rows.size(), limit));
            for (Row r : rows) {
                if (places.size() == limit) {
                    break;
                }
                Double metres = r.getDouble("distance_m");
                places.add(new Place(r.getString("code"), r.getString("name"), r.getString("tier"), r.getString("zone_code"),
                        r.getString("state_code"), r.getString("lga_code"), r.getDouble("latitude"), r.getDouble("longitude"),
                        metres == null ? null : Math.round(metres / 100) / 10.0));
            }
            return new Places(area.code(), places.size(), rows.size() > limit, places);
        });
    }
}
