package ng.vaxtrace.stock.outcome;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.stock.dashboard.AreaScope;
import ng.vaxtrace.stock.dashboard.DashboardQueries;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.stock.rest.Access;
import ng.vaxtrace.stock.rest.Filters;

/**
 * The scope of an outcome or table read: an area (nation, zone, state, LGA) checked like the other area aggregates,
 * or a single facility checked like the facility reads (a facility officer may read its own).
 */
@ApplicationScoped
public class OutcomeScopes {

    private final DashboardQueries dashboard;
    private final OutcomeQueries outcomes;
    private final Access access;

    public OutcomeScopes(DashboardQueries dashboard, OutcomeQueries outcomes, Access access) {
        this.dashboard = dashboard;
        this.outcomes = outcomes;
        this.access = access;
    }

    public Uni<AreaScope> resolve(String code, String what) {
        Filters.code("areaCode", code);
        Caller caller = access.caller();
        if (Geography.nigeria().area(code).isPresent()) {
            Access.aggregateArea(caller, code, what);
            return dashboard.area(code).map(area -> {
                if (area == null) {
                    throw ProblemException.notFound("unknown area " + code);
                }
                return area;
            });
        }
        return access.facility(caller, code).flatMap(area -> outcomes.facility(code));
    }

    /** A month {@code yyyy-MM} (default: the current Lagos month); not after the current one. */
    public static YearMonth month(String value, java.time.Clock clock) {
        YearMonth current = YearMonth.from(StockMetrics.businessDay(clock.instant()));
        if (value == null) {
            return current;
        }
        YearMonth month;
        try {
            month = YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("month", "must be a month as yyyy-MM, for example 2026-11");
        }
        if (month.isAfter(current)) {
            throw ProblemException.invalid("month", "must not be after the current month (" + current + ")");
        }
        return month;
    }
}
