package ng.vaxtrace.alert.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import ng.vaxtrace.alert.store.StockState;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEventValidator;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.security.AccessRefusedException;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Scope;

/**
 * The query parameters of the alert list and counts, checked together (every bad one is named in one problem) and
 * turned into a SQL WHERE clause with positional parameters. The caller's area always bounds the clause; an explicit
 * area or facility outside it is refused (403) rather than answered with an empty page.
 */
record AlertFilter(String where, List<Object> params) {

    private static final Set<String> STATUSES = Set.of(Alert.OPEN, Alert.ACKNOWLEDGED, Alert.RESOLVED);

    /**
     * The facility whose place in the area tree {@link #of} needs to judge the filters, or {@code null}: a regional
     * officer's explicit facility, or a facility officer's own facility when it filters by an area below NG.
     */
    static String facilityToPlace(Caller caller, String area, String facility) {
        if (caller.isNational()) {
            return null;
        }
        if (caller.facility() != null) {
            return area == null || area.isBlank() || Geography.COUNTRY.equalsIgnoreCase(area.trim()) ? null : caller.facility();
        }
        return facility == null || facility.isBlank() ? null : facility.trim();
    }

    /** {@link #of}, after placing the facility it must judge in the area tree (one lookup, only when needed). */
    static Uni<AlertFilter> placed(Pool pool, Caller caller, String area, String facility, String product, String types,
            String severities, String statuses, String from, String to) {
        String toPlace = facilityToPlace(caller, area, facility);
        Uni<FacilityArea> placed = toPlace == null ? Uni.createFrom().nullItem() : pool.withConnection(conn -> StockState.area(conn, toPlace));
        return placed.map(known -> of(caller, known, area, facility, product, types, severities, statuses, from, to));
    }

    /** A facility or product code as the contract writes it; anything else can match nothing and is a typo or a probe. */
    private static void code(List<FieldViolation> errors, String field, String value) {
        if (!StockEventValidator.CODE.matcher(value).matches()) {
            errors.add(new FieldViolation(field, "must be 2-64 upper-case letters, digits, '-' or '_'"));
        }
    }

    /**
     * @param placed where {@link #facilityToPlace} facility sits ({@code null} when none was needed or it is unknown)
     * @throws ProblemException        400 naming every bad parameter
     * @throws AccessRefusedException  403 when an explicit area or facility lies outside the caller's area
     */
    static AlertFilter of(Caller caller, FacilityArea placed, String area, String facility, String product, String types,
            String severities, String statuses, String from, String to) {
        List<FieldViolation> errors = new ArrayList<>();
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();

        Area areaFound = null;
        if (area != null && !area.isBlank()) {
            areaFound = Geography.nigeria().area(area.trim().toUpperCase(Locale.ROOT)).orElse(null);
            if (areaFound == null) {
                errors.add(new FieldViolation("area", "unknown area code " + area + " (use NG, a zone like NG-NW, a state like NG-KN or an LGA like NG-KN-017)"));
            } else if (areaFound.level() != Area.Level.COUNTRY) {
                String column = switch (areaFound.level()) {
                    case ZONE -> "zone_code";
                    case STATE -> "state_code";
                    default -> "lga_code";
                };
                params.add(areaFound.code());
                clauses.add(column + " = $" + params.size());
            }
        }
        if (facility != null && !facility.isBlank()) {
            code(errors, "facility", facility.trim());
            params.add(facility.trim());
            clauses.add("facility_code = $" + params.size());
        }
        if (product != null && !product.isBlank()) {
            code(errors, "product", product.trim().toUpperCase(Locale.ROOT));
            params.add(product.trim().toUpperCase(Locale.ROOT));
            clauses.add("product_code = $" + params.size());
        }
        List<String> typeList = csv(types);
        if (!typeList.isEmpty()) {
            List<String> unknown = typeList.stream().filter(t -> Arrays.stream(AlertType.values()).noneMatch(v -> v.name().equals(t))).toList();
            if (!unknown.isEmpty()) {
                errors.add(new FieldViolation("type", "unknown alert type(s) " + unknown + "; known: " + Arrays.toString(AlertType.values())));
            }
            params.add(typeList.toArray(String[]::new));
            clauses.add("alert_type = any($" + params.size() + ")");
        }
        List<String> severityList = csv(severities);
        if (!severityList.isEmpty()) {
            List<String> unknown = severityList.stream().filter(s -> Arrays.stream(AlertSeverity.values()).noneMatch(v -> v.name().equals(s))).toList();
            if (!unknown.isEmpty()) {
                errors.add(new FieldViolation("severity", "unknown severity " + unknown + "; known: " + Arrays.toString(AlertSeverity.values())));
            }
            params.add(severityList.toArray(String[]::new));
            clauses.add("severity = any($" + params.size() + ")");
        }
        List<String> statusList = csv(statuses);
        if (statusList.isEmpty()) {
            clauses.add("status <> 'RESOLVED'"); // by default: what still needs someone's attention
        } else if (!statusList.equals(List.of("ALL"))) {
            List<String> unknown = statusList.stream().filter(s -> !STATUSES.contains(s)).toList();
            if (!unknown.isEmpty()) {
                errors.add(new FieldViolation("status", "unknown status " + unknown + "; use OPEN, ACKNOWLEDGED, RESOLVED or ALL"));
            }
            params.add(statusList.toArray(String[]::new));
            clauses.add("status = any($" + params.size() + ")");
        }
        Instant fromInstant = instant("from", from, errors);
        if (fromInstant != null) {
            params.add(fromInstant.atOffset(ZoneOffset.UTC));
            clauses.add("raised_at >= $" + params.size());
        }
        Instant toInstant = instant("to", to, errors);
        if (toInstant != null) {
            params.add(toInstant.atOffset(ZoneOffset.UTC));
            clauses.add("raised_at < $" + params.size());
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid alert query", errors));
        }
        refuseOutsideScope(caller, placed, areaFound, facility == null || facility.isBlank() ? null : facility.trim());
        if (!caller.isNational()) {
            params.add(caller.scope().code());
            clauses.add(scopeColumn(caller.scope().level()) + " = $" + params.size());
        }
        return new AlertFilter(clauses.isEmpty() ? "true" : String.join(" and ", clauses), params);
    }

    private static void refuseOutsideScope(Caller caller, FacilityArea placed, Area area, String facility) {
        if (caller.isNational()) {
            return;
        }
        if (caller.facility() != null) {
            if (facility != null) {
                caller.requireFacility(facility, null);
            }
            if (area != null && area.level() != Area.Level.COUNTRY && (placed == null || !placed.chain().contains(area.code()))) {
                throw new AccessRefusedException(area.code() + " is outside your area (facility " + caller.facility() + ")");
            }
            return;
        }
        if (area != null) {
            caller.requireArea(area.code());
        }
        // A facility alert-service has never placed has no alerts a regional officer could see: the scope clause answers.
        if (facility != null && placed != null) {
            caller.requireFacility(facility, placed);
        }
    }

    /** The alert column a caller's scope bounds. */
    static String scopeColumn(Scope.Level level) {
        return switch (level) {
            case ZONE -> "zone_code";
            case STATE -> "state_code";
            case LGA -> "lga_code";
            case FACILITY -> "facility_code";
            case NATIONAL -> throw new IllegalArgumentException("a national scope bounds nothing");
        };
    }

    private static List<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    static Instant instant(String field, String value, List<FieldViolation> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation(field, "not an ISO-8601 instant (e.g. 2026-11-29T00:00:00Z): " + value));
            return null;
        }
    }
}
