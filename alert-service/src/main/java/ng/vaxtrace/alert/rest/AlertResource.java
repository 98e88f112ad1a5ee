package ng.vaxtrace.alert.rest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.messaging.AlertOutboxRelay;
import ng.vaxtrace.alert.service.AlertEngine;
import ng.vaxtrace.alert.store.AlertBook;
import ng.vaxtrace.alert.store.AlertBook.Change;
import ng.vaxtrace.alert.store.AlertRows;
import ng.vaxtrace.alert.store.AuditLog;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.http.Csv;
import ng.vaxtrace.http.ProblemException;
import ng.vaxtrace.http.QueryParams;
import ng.vaxtrace.security.Caller;
import ng.vaxtrace.security.Callers;
import ng.vaxtrace.security.Roles;

/**
 * Alerts for dashboards and officers: list and count by area and filters, one alert with its history, act on it.
 * Every caller sees only its own area (docs/security-alert.md); acting is for officers and administrators, and the
 * actor recorded is the token's user.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** Most items one page may hold (every open alert of an area at once: {@link OpenAlertsResource}). */
    private static final int MAX_LIMIT = 5000;
    /** The columns of the CSV download, one row per alert. */
    public static final List<String> CSV_HEADER = List.of("alert_id", "type", "severity", "status", "facility", "zone", "state", "lga",
            "product", "lot", "fridge", "message", "raised_at", "updated_at", "acknowledged_at", "acknowledged_by", "resolved_at",
            "resolved_by", "resolution");
    /** The columns of the counts download: {@code total}, {@code severity} or {@code type}; the severity or type; the count. */
    public static final List<String> COUNTS_CSV_HEADER = List.of("dimension", "value", "alerts");
    /** The columns of the alerts-over-time download, one row per day. */
    public static final List<String> DAILY_CSV_HEADER = List.of("day", "raised", "resolved", "open");

    private final Pool pool;
    private final AlertBook book;
    private final AuditLog audit;
    private final AlertOutboxRelay relay;
    private final Clock clock;
    private final Callers callers;
    private final SecurityIdentity identity;

    public AlertResource(Pool pool, AlertBook book, AuditLog audit, AlertOutboxRelay relay, Clock clock, Callers callers,
            SecurityIdentity identity) {
        this.pool = pool;
        this.book = book;
        this.audit = audit;
        this.relay = relay;
        this.clock = clock;
        this.callers = callers;
        this.identity = identity;
    }

    /**
     * Body of acknowledge and resolve (optional). {@code actor} is no longer accepted: the actor is the token's user, and a
     * body that still names one is refused (400) rather than silently recorded under another name.
     */
    public record Action(String note, @Schema(hidden = true) String actor) {
    }

    /** A page of alerts, newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    public record AlertPage(List<Alert> items, String nextCursor) {
    }

    /** One transition in an alert's history. */
    public record HistoryEntry(String transition, String status, AlertSeverity severity, String actor, String note, Instant at) {
    }

    public record AlertDetail(Alert alert, List<HistoryEntry> history) {
    }

    public record AlertCounts(long total, Map<String, Long> bySeverity, Map<String, Long> byType) {
    }

    @GET
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
    @Operation(summary = "List alerts in the caller's area, newest first",
            description = "Unresolved alerts by default (status=OPEN,ACKNOWLEDGED); status=ALL for every one. Filters combine. "
                    + "Without area/facility: the caller's own area; an area or facility outside it is refused (403). "
                    + "JSON, or a CSV download with ?format=csv or Accept: text/csv (up to 10,000 rows, 10,000 by default; "
                    + "the next page's cursor in the X-Next-Cursor header).")
    public Uni<Response> list(@Context Request request, @Context HttpHeaders headers,
            @Parameter(description = "NG, a zone (NG-NW), a state (NG-KN) or an LGA (NG-KN-017)") @QueryParam("area") String area,
            @QueryParam("facility") String facility, @QueryParam("product") String product,
            @Parameter(description = "comma-separated alert types") @QueryParam("type") String type,
            @Parameter(description = "comma-separated: LOW, MEDIUM, HIGH, CRITICAL") @QueryParam("severity") String severity,
            @Parameter(description = "comma-separated: OPEN, ACKNOWLEDGED, RESOLVED, or ALL") @QueryParam("status") String status,
            @Parameter(description = "raised at or after (ISO-8601 instant)") @QueryParam("from") String from,
            @Parameter(description = "raised before (ISO-8601 instant)") @QueryParam("to") String to,
            @Parameter(description = "page size: 1–5,000 (default 100); CSV 1–10,000 (default 10,000)") @QueryParam("limit") String limitParam,
            @QueryParam("cursor") String cursor,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) {
        Caller caller = callers.of(identity);
        boolean csv = Csv.wanted(format, headers);
        int pageSize = Csv.limit(limitParam, csv, 100, MAX_LIMIT);
        return AlertFilter.placed(pool, caller, area, facility, product, type, severity, status, from, to)
                .flatMap(filter -> page(filter, pageSize, cursor))
                .map(page -> csv ? csv(page) : ConditionalGet.respond(request, EventJson.write(page)));
    }

    /** The page as a spreadsheet download; a further page is named by the X-Next-Cursor header. */
    private static Response csv(AlertPage page) {
        Csv csv = new Csv(CSV_HEADER);
        for (Alert a : page.items()) {
            FacilityArea area = a.area() == null ? new FacilityArea(null, null, null) : a.area();
            csv.row(a.alertId(), a.alertType(), a.severity(), a.status(), a.facilityCode(), area.zoneCode(), area.stateCode(),
                    area.lgaCode(), a.productCode(), a.lotCode(), a.fridgeId(), a.message(), a.raisedAt(), a.updatedAt(),
                    a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(), a.resolvedBy(), a.resolution());
        }
        return csv.response("alerts.csv", page.nextCursor());
    }

    private Uni<AlertPage> page(AlertFilter filter, int pageSize, String cursor) {
        List<Object> params = new ArrayList<>(filter.params());
        String where = filter.where();
        if (cursor != null && !cursor.isBlank()) {
            Object[] position = decodeCursor(cursor);
            params.add(position[0]);
            params.add(position[1]);
            where += " and (raised_at, id) < ($" + (params.size() - 1) + ", $" + params.size() + ")";
        }
        params.add(pageSize + 1);
        String sql = "select " + AlertRows.COLUMNS + " from alert where " + where + " order by raised_at desc, id desc limit $" + params.size();
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Alert> items = new ArrayList<>();
            String next = null;
            for (Row row : rows) {
                if (items.size() == pageSize) {
                    Alert last = items.get(items.size() - 1);
                    next = encodeCursor(last.raisedAt(), last.alertId());
                    break;
                }
                items.add(AlertRows.from(row));
            }
            return new AlertPage(items, next);
        });
    }

    @GET
    @Path("/counts")
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
    @Operation(summary = "Count alerts in the caller's area by severity and type",
            description = "Same filters and area rules as the list (unresolved by default). JSON, or a CSV download with "
                    + "?format=csv or Accept: text/csv: one row per count, `dimension, value, alerts` (total, then each "
                    + "severity, then each type).")
    public Uni<Response> counts(@Context Request request, @Context HttpHeaders headers, @QueryParam("area") String area,
            @QueryParam("facility") String facility, @QueryParam("product") String product, @QueryParam("type") String type,
            @QueryParam("severity") String severity, @QueryParam("status") String status, @QueryParam("from") String from,
            @QueryParam("to") String to, @Parameter(description = "json (default) or csv") @QueryParam("format") String format) {
        Caller caller = callers.of(identity);
        boolean csv = Csv.wanted(format, headers);
        return AlertFilter.placed(pool, caller, area, facility, product, type, severity, status, from, to).flatMap(filter -> pool
                .preparedQuery("select severity, alert_type, count(*) from alert where " + filter.where() + " group by severity, alert_type")
                .execute(Tuple.from(filter.params()))).map(rows -> {
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (AlertSeverity s : AlertSeverity.values()) {
                bySeverity.put(s.name(), 0L);
            }
            Map<String, Long> byType = new LinkedHashMap<>();
            long total = 0;
            for (Row row : rows) {
                long n = row.getLong(2);
                total += n;
                bySeverity.merge(row.getString(0), n, Long::sum);
                byType.merge(row.getString(1), n, Long::sum);
            }
            AlertCounts counts = new AlertCounts(total, bySeverity, byType);
            return csv ? csv(counts).response("alert-counts.csv") : ConditionalGet.respond(request, EventJson.write(counts));
        });
    }

    private static Csv csv(AlertCounts counts) {
        Csv csv = new Csv(COUNTS_CSV_HEADER).row("total", "", counts.total());
        counts.bySeverity().forEach((severity, n) -> csv.row("severity", severity, n));
        counts.byType().forEach((type, n) -> csv.row("type", type, n));
        return csv;
    }

    /** Alerts per business day (Africa/Lagos): raised, resolved, and unresolved at the end of the day. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record AlertDay(LocalDate day, long raised, long resolved, long open) {
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record AlertDays(LocalDate from, LocalDate to, List<AlertDay> days) {
    }

    @GET
    @Path("/daily")
    @Authenticated
    @Produces({ MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE })
    @Operation(summary = "Alerts over time in the caller's area, per day",
            description = "For each of the last `days` days (Africa/Lagos, today included): alerts raised, alerts resolved, and "
                    + "alerts unresolved at the end of the day. Same area, facility, product, type and severity filters and area "
                    + "rules as the list; every status counts. JSON, or a CSV download with ?format=csv or Accept: text/csv: "
                    + "one row per day, `day, raised, resolved, open`.")
    public Uni<Response> daily(@Context Request request, @Context HttpHeaders headers, @QueryParam("area") String area,
            @QueryParam("facility") String facility, @QueryParam("product") String product, @QueryParam("type") String type,
            @QueryParam("severity") String severity,
            @Parameter(description = "how many days, 1–366 (default 30)") @QueryParam("days") @DefaultValue("30") String daysParam,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) {
        Caller caller = callers.of(identity);
        boolean csv = Csv.wanted(format, headers);
        int days = QueryParams.limit("days", daysParam, 366);
        LocalDate to = LocalDate.ofInstant(clock.instant(), AlertEngine.NIGERIA);
        LocalDate from = to.minusDays(days - 1L);
        return AlertFilter.placed(pool, caller, area, facility, product, type, severity, "ALL", null, null).flatMap(filter -> {
            List<Object> params = new ArrayList<>(filter.params());
            params.add(from.atStartOfDay(AlertEngine.NIGERIA).toOffsetDateTime());
            params.add(to.plusDays(1).atStartOfDay(AlertEngine.NIGERIA).toOffsetDateTime());
            String start = "$" + (params.size() - 1);
            String end = "$" + params.size();
            String where = filter.where();
            // One pass per measure: raised per day, resolved per day, and what was still open when the period began.
            String sql = "select 'raised' as kind, (raised_at at time zone 'Africa/Lagos')::date as day, count(*) as n from alert where "
                    + where + " and raised_at >= " + start + " and raised_at < " + end + " group by 2 "
                    + "union all select 'resolved', (resolved_at at time zone 'Africa/Lagos')::date, count(*) from alert where "
                    + where + " and resolved_at >= " + start + " and resolved_at < " + end + " group by 2 "
                    + "union all select 'before', null, count(*) from alert where " + where + " and raised_at < " + start
                    + " and (resolved_at is null or resolved_at >= " + start + ")";
            return pool.preparedQuery(sql).execute(Tuple.from(params));
        }).map(rows -> {
            Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
            long open = 0;
            for (Row row : rows) {
                if ("before".equals(row.getString("kind"))) {
                    open = row.getLong("n");
                } else {
                    byDay.computeIfAbsent(row.getLocalDate("day"), d -> new long[2])["raised".equals(row.getString("kind")) ? 0 : 1] =
                            row.getLong("n");
                }
            }
            List<AlertDay> series = new ArrayList<>(days);
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                long[] n = byDay.getOrDefault(day, new long[2]);
                open += n[0] - n[1];
                series.add(new AlertDay(day, n[0], n[1], open));
            }
            AlertDays alertDays = new AlertDays(from, to, series);
            return csv ? csv(alertDays).response("alerts-daily-" + from + "-" + to + ".csv")
                    : ConditionalGet.respond(request, EventJson.write(alertDays));
        });
    }

    private static Csv csv(AlertDays days) {
        Csv csv = new Csv(DAILY_CSV_HEADER);
        days.days().forEach(d -> csv.row(d.day(), d.raised(), d.resolved(), d.open()));
        return csv;
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "One alert with its history of transitions", description = "403 when the alert's facility is outside the caller's area.")
    public Uni<Response> get(@Context Request request, @PathParam("id") String id) {
        Caller caller = callers.of(identity);
        UUID alertId = parseId(id);
        return pool.preparedQuery("select " + AlertRows.COLUMNS + " from alert where id = $1").execute(Tuple.of(alertId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("no alert " + id);
                    }
                    Alert alert = AlertRows.from(rows.iterator().next());
                    caller.requireFacility(alert.facilityCode(), alert.area());
                    return pool.preparedQuery("select transition, status, severity, actor, note, at from alert_transition "
                            + "where alert_id = $1 order by id").execute(Tuple.of(alertId)).map(history -> {
                                List<HistoryEntry> entries = new ArrayList<>();
                                for (Row row : history) {
                                    entries.add(new HistoryEntry(row.getString("transition"), row.getString("status"),
                                            AlertSeverity.valueOf(row.getString("severity")), row.getString("actor"),
                                            row.getString("note"), row.getOffsetDateTime("at").toInstant()));
                                }
                                return ConditionalGet.respond(request, EventJson.write(new AlertDetail(alert, entries)));
                            });
                });
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.NATIONAL_OFFICER, Roles.STATE_OFFICER, Roles.LGA_OFFICER, Roles.FACILITY_OFFICER, Roles.ADMIN })
    @Operation(summary = "Acknowledge an open alert", description = "Officers and administrators, for alerts in their area (else 403); "
            + "recorded under the token's user and in the audit log. 409 when it is not open (already acknowledged or resolved).")
    public Uni<Response> acknowledge(@PathParam("id") String id, Action action) {
        return act(id, action, AuditLog.ALERT_ACKNOWLEDGE, "acknowledged", book::acknowledge);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.NATIONAL_OFFICER, Roles.STATE_OFFICER, Roles.LGA_OFFICER, Roles.FACILITY_OFFICER, Roles.ADMIN })
    @Operation(summary = "Resolve an alert by hand", description = "Officers and administrators, for alerts in their area (else 403); "
            + "recorded under the token's user and in the audit log. 409 when it is already resolved. If the condition still "
            + "holds, the next evidence opens a new alert.")
    public Uni<Response> resolve(@PathParam("id") String id, Action action) {
        return act(id, action, AuditLog.ALERT_RESOLVE, "resolved", book::resolve);
    }

    private interface Act {
        Uni<Optional<Change>> apply(SqlConnection conn, UUID id, String actor, String note, Instant now);
    }

    /** Locks the alert, checks the caller's area, applies the transition and writes its audit row: one transaction. */
    private Uni<Response> act(String id, Action action, String auditAction, String done, Act act) {
        Caller caller = callers.of(identity);
        caller.requireWrite();
        UUID alertId = parseId(id);
        validate(action);
        String note = action == null || action.note() == null || action.note().isBlank() ? null : action.note().trim();
        Instant now = clock.instant();
        return pool.withTransaction(conn -> book.lock(conn, alertId).flatMap(before -> {
                    if (before == null) {
                        throw ProblemException.notFound("no alert " + id);
                    }
                    caller.requireFacility(before.facilityCode(), before.area());
                    return act.apply(conn, alertId, caller.actor(), note, now).flatMap(change -> {
                        if (change.isEmpty()) {
                            throw new ProblemException(Problem.of(409, "Conflict", "alert " + id + " is " + before.status()
                                    + " and cannot be " + done));
                        }
                        return audit.alertAction(conn, caller, auditAction, before, change.get().alert(), note, now).replaceWith(change.get());
                    });
                }))
                .flatMap(change -> relay.deliver(List.of(change)).replaceWith(change.alert()))
                .map(alert -> Response.ok(EventJson.write(alert), MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static void validate(Action action) {
        List<FieldViolation> errors = new ArrayList<>();
        if (action != null && action.actor() != null) {
            errors.add(new FieldViolation("actor", "not accepted: the actor is the user of your bearer token; remove the field"));
        }
        if (action != null && action.note() != null && action.note().length() > 1000) {
            errors.add(new FieldViolation("note", "at most 1000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("invalid action", errors));
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("id", "not an alert id (a UUID): " + id);
        }
    }

    private static String encodeCursor(Instant raisedAt, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((raisedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static Object[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new Object[] { Instant.parse(parts[0]).atOffset(ZoneOffset.UTC), UUID.fromString(parts[1]) };
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor this API returned");
        }
    }
}
