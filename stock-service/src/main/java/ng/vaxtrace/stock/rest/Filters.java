package ng.vaxtrace.stock.rest;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.stock.dashboard.AreaScope;
import ng.vaxtrace.stock.dashboard.DashboardQueries;

/** Checks query filters and path codes, answering a 400 (or 404 for a path) that names the field at fault. */
@ApplicationScoped
public class Filters {

    private final DashboardQueries queries;

    public Filters(DashboardQueries queries) {
        this.queries = queries;
    }

    public static String code(String field, String value) {
        if (value != null && !StockEventValidator.CODE.matcher(value).matches()) {
            throw ProblemException.invalid(field, "must be 2-64 upper-case letters, digits, '-' or '_'");
        }
        return value;
    }

    public static FacilityTier tier(String value) {
        if (value == null) {
            return null;
        }
        try {
            return FacilityTier.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("tier", "must be one of " + Arrays.toString(FacilityTier.values()));
        }
    }

    /** The area named by a query parameter (default: the nation); unknown → 400. */
    public Uni<AreaScope> area(String value) {
        String code = code("area", value == null ? "NG" : value);
        return queries.area(code).map(area -> {
            if (area == null) {
                throw ProblemException.invalid("area", "unknown area '" + code + "' (codes: NG, zones NG-NW, states NG-KN, LGAs NG-KN-001)");
            }
            return area;
        });
    }

    /** A product filter: absent means all products; unknown → 400. */
    public Uni<String> product(String value) {
        return product("product", value);
    }

    /** Like {@link #product(String)} for a field of another name. */
    public Uni<String> product(String field, String value) {
        if (value == null) {
            return Uni.createFrom().nullItem();
        }
        code(field, value);
        return queries.productExists(value).map(exists -> {
            if (!exists) {
                throw ProblemException.invalid(field, "unknown product '" + value + "'");
            }
            return value;
        });
    }
}
