package ng.vaxtrace.stock.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.security.Caller;

/**
 * The append-only audit log of write actions (the database refuses UPDATE, DELETE and TRUNCATE). A row is written in
 * the same transaction as the action it records, so an action is never done without its audit row, nor audited
 * without being done. Callers pass only masked personal data.
 */
@ApplicationScoped
public class AuditLog {

    public static final String STOCK_ADJUST = "stock.adjust";
    public static final String STOCK_VOID = "stock.void";
    public static final String CONTACT_UPDATE = "facility.contact.update";
    public static final String CONTACT_DELETE = "facility.contact.delete";
    public static final String CONTACTS_REENCRYPT = "admin.contacts.reencrypt";

    private static final String INSERT = "insert into audit_log (at, actor, role, actor_area, action, subject_type, subject_id, "
            + "facility_code, before, after) values (%s, %s, %s, %s, %s, %s, %s, %s, cast(cast(%s as text) as jsonb), cast(cast(%s as text) as jsonb))";
    /** The insert for a Hibernate Reactive session (?n) and for a Vert.x SQL connection ($n). */
    private static final String INSERT_SESSION = INSERT.formatted("?1", "?2", "?3", "?4", "?5", "?6", "?7", "?8", "?9", "?10");
    private static final String INSERT_SQL = INSERT.formatted("$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10");

    private final Clock clock;
    private final Pool pool;

    public AuditLog(Clock clock, Pool pool) {
        this.clock = clock;
        this.pool = pool;
    }

    /** One audited action, as the administrators' API answers it. */
    @RegisterForReflection
    public record Entry(long id, Instant at, String actor, String role, String actorArea, String action, String subjectType,
            String subjectId, String facilityCode, JsonNode before, JsonNode after) {
    }

    /** A page of entries, newest first; {@code nextCursor} fetches the next (older) page. */
    @RegisterForReflection
    public record Page(List<Entry> items, String nextCursor) {
    }

    /** What to list; every field may be null. */
    public record Query(String actor, String action, String facilityCode, Instant from, Instant to, Long before, int limit) {
    }

    /** Records an action inside the current Hibernate Reactive transaction ({@code before}/{@code after} are rendered as JSON). */
    public Uni<Void> record(Caller caller, String action, String subjectType, String subjectId, String facilityCode, Object before,
            Object after) {
        Object[] values = values(caller, action, subjectType, subjectId, facilityCode, before, after);
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(INSERT_SESSION);
            for (int i = 0; i < values.length; i++) {
                query.setParameter(i + 1, values[i]);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Records an action inside the transaction of {@code connection} (the ledger's, for manual adjustments). */
    public Uni<Void> record(SqlConnection connection, Caller caller, String action, String subjectType, String subjectId,
            String facilityCode, Object before, Object after) {
        Object[] values = values(caller, action, subjectType, subjectId, facilityCode, before, after);
        values[0] = time((Instant) values[0]);
        return connection.preparedQuery(INSERT_SQL).execute(Tuple.from(values)).replaceWithVoid();
    }

    private Object[] values(Caller caller, String action, String subjectType, String subjectId, String facilityCode, Object before,
            Object after) {
        Log.debugf("audit %s %s %s by %s", action, subjectType, subjectId, caller.actor());
        return new Object[] { clock.instant(), caller.actor(), caller.role().claimValue(), caller.scope().code(), action, subjectType,
                subjectId, facilityCode, before == null ? null : EventJson.write(before), after == null ? null : EventJson.write(after) };
    }

    public Uni<Page> search(Query query) {
        String sql = """
                select id, at, actor, role, actor_area, action, subject_type, subject_id, facility_code,
                       before::text as before, after::text as after
                from audit_log
                where ($1::text is null or actor = $1) and ($2::text is null or action = $2)
                  and ($3::text is null or facility_code = $3)
                  and ($4::timestamptz is null or at >= $4) and ($5::timestamptz is null or at < $5)
                  and ($6::bigint is null or id < $6)
                order by id desc limit $7""";
        return pool.preparedQuery(sql).execute(Tuple.from(new Object[] { query.actor(), query.action(), query.facilityCode(),
                time(query.from()), time(query.to()), query.before(), query.limit() + 1 })).map(rows -> {
                    List<Entry> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(new Entry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), r.getString("actor"), r.getString("role"),
                                r.getString("actor_area"), r.getString("action"), r.getString("subject_type"), r.getString("subject_id"),
                                r.getString("facility_code"), json(r.getString("before")), json(r.getString("after"))));
                    }
                    boolean more = items.size() > query.limit();
                    List<Entry> page = more ? items.subList(0, query.limit()) : items;
                    return new Page(List.copyOf(page), more ? Long.toString(page.get(page.size() - 1).id()) : null);
                });
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static JsonNode json(String text) {
        return text == null ? null : EventJson.tree(text);
    }
}
