package ng.vaxtrace.alert.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.rules.Finding;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;

/**
 * The alert lifecycle, in SQL: open → (escalated) → acknowledged → resolved. Postgres enforces one unresolved alert
 * per facility + subject + type (a partial unique index), so opening is an {@code INSERT ... ON CONFLICT DO NOTHING}
 * and concurrent or redelivered findings can never open a second one. Every transition appends a history row and an
 * outbox row in the caller's transaction; the outbox rows are published after commit.
 */
@ApplicationScoped
public class AlertBook {

    static final String SOURCE = "/alert-service";
    static final String SYSTEM = "system";

    private static final String UNRESOLVED = "select " + AlertRows.COLUMNS
            + " from alert where facility_code = $1 and subject = any($2) and status <> 'RESOLVED' order by id for update";
    private static final String OPEN = "insert into alert (id, alert_type, severity, status, facility_code, subject, product_code, "
            + "lot_code, fridge_id, zone_code, state_code, lga_code, message, details, raised_at, updated_at) "
            + "values ($1, $2, $3, 'OPEN', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::jsonb, $14, $15) "
            + "on conflict (facility_code, subject, alert_type) where status <> 'RESOLVED' do nothing returning " + AlertRows.COLUMNS;
    private static final String LOCK_UNRESOLVED = "select " + AlertRows.COLUMNS
            + " from alert where facility_code = $1 and subject = $2 and alert_type = $3 and status <> 'RESOLVED' for update";
    private static final String LOCK = "select " + AlertRows.COLUMNS + " from alert where id = $1 for update";
    // An escalation reopens an acknowledged alert: the situation got worse since someone looked.
    private static final String ESCALATE = "update alert set severity = $2, message = $3, details = $4::text::jsonb, lot_code = $5, "
            + "status = 'OPEN', updated_at = $6 where id = $1 and status <> 'RESOLVED' returning " + AlertRows.COLUMNS;
    private static final String REFRESH = "update alert set message = $2, details = $3::text::jsonb, lot_code = $4 where id = $1 "
            + "and status <> 'RESOLVED'";
    private static final String AUTO_RESOLVE = "update alert set status = 'RESOLVED', resolved_at = $2, resolved_by = 'system', "
            + "resolution = 'AUTO', updated_at = $2 where id = $1 and status <> 'RESOLVED' returning " + AlertRows.COLUMNS;
    private static final String ACKNOWLEDGE = "update alert set status = 'ACKNOWLEDGED', acknowledged_at = $2, acknowledged_by = $3, "
            + "notes = notes || $4::text::jsonb, updated_at = $2 where id = $1 and status = 'OPEN' returning " + AlertRows.COLUMNS;
    private static final String MANUAL_RESOLVE = "update alert set status = 'RESOLVED', resolved_at = $2, resolved_by = $3, "
            + "resolution = 'MANUAL', notes = notes || $4::text::jsonb, updated_at = $2 where id = $1 and status <> 'RESOLVED' returning "
            + AlertRows.COLUMNS;
    private static final String HISTORY = "insert into alert_transition (alert_id, event_id, transition, status, severity, actor, note, at) "
            + "values ($1, $2, $3, $4, $5, $6, $7, $8)";
    private static final String OUTBOX = "insert into outbox_message (message_key, payload, created_at) values ($1, $2, $3) returning id";

    /** The kinds of transition, each with its event type. */
    public enum Transition {
        OPENED(EventTypes.ALERT_OPENED), ESCALATED(EventTypes.ALERT_ESCALATED), ACKNOWLEDGED(EventTypes.ALERT_ACKNOWLEDGED),
        RESOLVED(EventTypes.ALERT_RESOLVED);

        final String eventType;

        Transition(String eventType) {
            this.eventType = eventType;
        }
    }

    /** A change made: the alert after it, and the outbox row to publish. */
    public record Change(Transition transition, Alert alert, long outboxId) {
    }

    private final MeterRegistry metrics;

    public AlertBook(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Applies one facility's findings in order; returns the transitions made (each with its outbox row). */
    public Uni<List<Change>> apply(SqlConnection conn, String facility, FacilityArea area, List<Finding> findings, Instant now) {
        if (findings.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> subjects = new LinkedHashSet<>();
        findings.forEach(f -> subjects.add(f.subject()));
        return conn.preparedQuery(UNRESOLVED).execute(Tuple.of(facility, subjects.toArray(String[]::new)))
                .onItem().transformToUni(rows -> {
                    Map<String, Alert> unresolved = new HashMap<>();
                    rows.forEach(row -> {
                        Alert alert = AlertRows.from(row);
                        unresolved.put(key(alert.alertType().name(), row.getString("subject")), alert);
                    });
                    return Multi.createFrom().iterable(findings)
                            .onItem().transformToUniAndConcatenate(f -> applyOne(conn, facility, area, f,
                                    unresolved.get(key(f.type().name(), f.subject())), now))
                            .collect().asList()
                            .map(results -> results.stream().flatMap(Optional::stream).toList());
                });
    }

    private Uni<Optional<Change>> applyOne(SqlConnection conn, String facility, FacilityArea area, Finding finding, Alert existing,
            Instant now) {
        if (finding instanceof Finding.Clear) {
            return existing == null ? Uni.createFrom().item(Optional.empty())
                    : single(conn.preparedQuery(AUTO_RESOLVE).execute(Tuple.of(UUID.fromString(existing.alertId()), now.atOffset(ZoneOffset.UTC))))
                            .flatMap(row -> row == null ? none()
                                    : record(conn, Transition.RESOLVED, AlertRows.from(row), SYSTEM, "condition cleared", now).map(Optional::of));
        }
        Finding.Raise raise = (Finding.Raise) finding;
        if (existing != null) {
            return update(conn, existing, raise, now);
        }
        FacilityArea a = area == null ? new FacilityArea(null, null, null) : area;
        Instant raisedAt = raise.observedAt() == null || raise.observedAt().isAfter(now) ? now : raise.observedAt();
        Tuple open = Tuple.tuple(List.of(UUID.randomUUID(), raise.type().name(), raise.severity().name(), facility, raise.subject()))
                .addString(raise.productCode()).addString(raise.lotCode()).addString(raise.fridgeId())
                .addString(a.zoneCode()).addString(a.stateCode()).addString(a.lgaCode())
                .addString(truncate(raise.message())).addString(EventJson.write(raise.details()))
                .addOffsetDateTime(raisedAt.atOffset(ZoneOffset.UTC)).addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
        return single(conn.preparedQuery(OPEN).execute(open)).flatMap(row -> {
            if (row != null) {
                metrics.counter("vaxtrace_alerts_opened_total", "type", raise.type().name()).increment();
                return record(conn, Transition.OPENED, AlertRows.from(row), SYSTEM, null, now).map(Optional::of);
            }
            // Someone else opened it between our read and our insert: treat it as existing.
            return single(conn.preparedQuery(LOCK_UNRESOLVED).execute(Tuple.of(facility, raise.subject(), raise.type().name())))
                    .flatMap(current -> current == null ? none() : update(conn, AlertRows.from(current), raise, now));
        });
    }

    private Uni<Optional<Change>> update(SqlConnection conn, Alert existing, Finding.Raise raise, Instant now) {
        String details = EventJson.write(raise.details());
        if (raise.severity().compareTo(existing.severity()) > 0) {
            Tuple escalate = Tuple.of(UUID.fromString(existing.alertId()), raise.severity().name(), truncate(raise.message()), details)
                    .addString(raise.lotCode()).addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
            return single(conn.preparedQuery(ESCALATE).execute(escalate)).flatMap(row -> row == null ? none()
                    : record(conn, Transition.ESCALATED, AlertRows.from(row, existing.severity()), SYSTEM,
                            existing.severity() + " → " + raise.severity(), now).map(Optional::of));
        }
        if (Objects.equals(existing.message(), truncate(raise.message())) && Objects.equals(existing.lotCode(), raise.lotCode())) {
            return none();
        }
        // Same or lower severity: keep the alert as it is (severity never drops while open), refresh the figures.
        return conn.preparedQuery(REFRESH).execute(Tuple.of(UUID.fromString(existing.alertId()), truncate(raise.message()), details,
                raise.lotCode())).flatMap(ignored -> none());
    }

    /** The alert, locked until the transaction ends (so a person's action sees the state it changes), or {@code null}. */
    public Uni<Alert> lock(SqlConnection conn, UUID id) {
        return single(conn.preparedQuery(LOCK).execute(Tuple.of(id))).map(row -> row == null ? null : AlertRows.from(row));
    }

    /** A person acknowledges an open alert; empty when it is not open (unknown, acknowledged or resolved). */
    public Uni<Optional<Change>> acknowledge(SqlConnection conn, UUID id, String actor, String note, Instant now) {
        return single(conn.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), actor, noteJson(actor, "acknowledge", note, now))))
                .flatMap(row -> row == null ? none() : record(conn, Transition.ACKNOWLEDGED, AlertRows.from(row), actor, note, now).map(Optional::of));
    }

    /** A person resolves an unresolved alert; empty when it is unknown or already resolved. */
    public Uni<Optional<Change>> resolve(SqlConnection conn, UUID id, String actor, String note, Instant now) {
        return single(conn.preparedQuery(MANUAL_RESOLVE).execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), actor, noteJson(actor, "resolve", note, now))))
                .flatMap(row -> row == null ? none() : record(conn, Transition.RESOLVED, AlertRows.from(row), actor, note, now).map(Optional::of));
    }

    private Uni<Change> record(SqlConnection conn, Transition transition, Alert alert, String actor, String note, Instant now) {
        UUID eventId = UUID.randomUUID();
        if (transition == Transition.RESOLVED) {
            metrics.counter("vaxtrace_alerts_resolved_total", "type", alert.alertType().name(), "resolution", alert.resolution()).increment();
        }
        String payload = EventJson.write(CloudEvent.of(eventId.toString(), SOURCE, transition.eventType, alert.facilityCode(), now, alert));
        Tuple history = Tuple.tuple(List.of(UUID.fromString(alert.alertId()), eventId, transition.name(), alert.status(), alert.severity().name(), actor))
                .addString(note).addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
        return conn.preparedQuery(HISTORY).execute(history)
                .chain(() -> single(conn.preparedQuery(OUTBOX).execute(Tuple.of(alert.alertId(), payload, now.atOffset(ZoneOffset.UTC)))))
                .map(row -> new Change(transition, alert, row.getLong("id")));
    }

    private static String noteJson(String actor, String action, String note, Instant now) {
        return EventJson.write(List.of(new Alert.Note(actor, action, note, now)));
    }

    private static Uni<Row> single(Uni<RowSet<Row>> rows) {
        return rows.map(set -> {
            var it = set.iterator();
            return it.hasNext() ? it.next() : null;
        });
    }

    private static Uni<Optional<Change>> none() {
        return Uni.createFrom().item(Optional.empty());
    }

    private static String key(String type, String subject) {
        return type + '|' + subject;
    }

    private static String truncate(String message) {
        return message.length() <= 500 ? message : message.substring(0, 497) + "...";
    }
}
