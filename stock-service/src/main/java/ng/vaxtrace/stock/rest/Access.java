package ng.vaxtrace.stock.rest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.AccessRefusedException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Callers;

/**
 * The caller of the current request and what it may see. Every check happens before a cache is consulted, so a
 * cached response (kept per area or facility, never per caller) is only ever served to callers who may see it.
 * An unknown facility is a 404 only for national callers; anyone else gets the same 403 as for a facility outside
 * their area, so scoped callers cannot probe which facility codes exist elsewhere.
 */
@ApplicationScoped
public class Access {

    private final Callers callers;
    private final SecurityIdentity identity;
    private final Pool pool;

    public Access(Callers callers, SecurityIdentity identity, Pool pool) {
        this.callers = callers;
        this.identity = identity;
        this.pool = pool;
    }

    /** The authenticated caller (401 without a valid token, 403 when its role and area claim do not fit). */
    public Caller caller() {
        return callers.of(identity);
    }

    /** The facility's place in the tree, once the caller may see the facility (else 403, or 404 as described above). */
    public Uni<FacilityArea> facility(Caller caller, String facilityCode) {
        return area(facilityCode).map(area -> {
            if (area == null) {
                if (caller.isNational() || facilityCode.equals(caller.facility())) {
                    throw ProblemException.notFound("unknown facility " + facilityCode);
                }
                caller.requireFacility(facilityCode, null);
            }
            caller.requireFacility(facilityCode, area);
            return area;
        });
    }

    /** The area an aggregate (area stock, map, KPIs) is for: the requested one, else the caller's own; checked. */
    public static String aggregateArea(Caller caller, String requested, String what) {
        if (caller.facility() != null) {
            throw new AccessRefusedException(what + " aggregate areas; a facility officer sees only its own facility ("
                    + caller.facility() + ": /api/v1/facilities/" + caller.facility() + "/stock)");
        }
        String area = requested == null ? caller.defaultArea() : requested;
        Filters.code("area", area);
        caller.requireArea(area);
        return area;
    }

    /** Zone, state and LGA of a facility ({@code null} when unknown). */
    public Uni<FacilityArea> area(String facilityCode) {
        return pool.preparedQuery("select zone_code, state_code, lga_code from facility where code = $1").execute(Tuple.of(facilityCode))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new FacilityArea(r.getString("zone_code"), r.getString("state_code"), r.getString("lga_code"));
                });
    }
}
