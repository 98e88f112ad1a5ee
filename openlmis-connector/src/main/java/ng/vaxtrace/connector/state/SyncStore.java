package ng.vaxtrace.connector.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The connector's tables (id maps, last-seen stock cards, sync runs), through the reactive PostgreSQL client. */
@ApplicationScoped
public class SyncStore {

    private static final String UPSERT_ID = "insert into id_map (kind, openlmis_id, code, product_code, expiry, published_hash, updated_at) "
            + "values ($1, $2, $3, $4, $5, $6, now()) on conflict (kind, openlmis_id) do update set code = excluded.code, "
            + "product_code = excluded.product_code, expiry = excluded.expiry, "
            + "published_hash = coalesce(excluded.published_hash, id_map.published_hash), updated_at = now()";
    private static final String UPSERT_CARD = "insert into stock_card_state (card_id, facility_code, product_code, lot_code, stock_on_hand, "
            + "occurred_date, event_id, last_line_item_id, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, now()) on conflict (card_id) "
            + "do update set facility_code = excluded.facility_code, product_code = excluded.product_code, lot_code = excluded.lot_code, "
            + "stock_on_hand = excluded.stock_on_hand, occurred_date = excluded.occurred_date, event_id = excluded.event_id, "
            + "last_line_item_id = coalesce(excluded.last_line_item_id, stock_card_state.last_line_item_id), updated_at = now()";

    private final Pool pool;

    public SyncStore(Pool pool) {
        this.pool = pool;
    }

    // ---- id maps

    public Uni<Map<String, IdMapping>> ids(String kind) {
        return pool.preparedQuery("select * from id_map where kind = $1").execute(Tuple.of(kind)).map(rows -> {
            Map<String, IdMapping> map = new HashMap<>();
            for (Row row : rows) {
                map.put(row.getString("openlmis_id"), new IdMapping(kind, row.getString("openlmis_id"), row.getString("code"),
                        row.getString("product_code"), row.getLocalDate("expiry"), row.getString("published_hash")));
            }
            return map;
        });
    }

    public Uni<Void> saveIds(List<IdMapping> mappings) {
        if (mappings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = mappings.stream().map(m -> Tuple.tuple(List.of(m.kind(), m.openlmisId(), m.code()))
                .addString(m.productCode()).addLocalDate(m.expiry()).addString(m.publishedHash())).toList();
        return pool.preparedQuery(UPSERT_ID).executeBatch(batch).replaceWithVoid();
    }

    // ---- stock cards

    public Uni<Map<String, CardState>> cards(Set<String> cardIds) {
        if (cardIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select * from stock_card_state where card_id = any($1)")
                .execute(Tuple.of(cardIds.toArray(String[]::new))).map(rows -> {
                    Map<String, CardState> map = new HashMap<>();
                    for (Row row : rows) {
                        map.put(row.getString("card_id"), new CardState(row.getString("card_id"), row.getString("facility_code"),
                                row.getString("product_code"), row.getString("lot_code"), row.getLong("stock_on_hand"),
                                row.getLocalDate("occurred_date"), row.getString("event_id"), row.getString("last_line_item_id")));
                    }
                    return map;
                });
    }

    /**
     * Records a facility's complete page set in one transaction: the new card states (their events are already
     * acknowledged by Kafka) and the facility as done in this run.
     */
    public Uni<Void> completeFacility(UUID runId, String facilityId, List<CardState> changed, long cardsRead, long events) {
        return pool.withTransaction(connection -> {
            Uni<Void> cards = changed.isEmpty() ? Uni.createFrom().voidItem()
                    : connection.preparedQuery(UPSERT_CARD).executeBatch(changed.stream().map(c -> Tuple.tuple(List.of(c.cardId(),
                            c.facilityCode(), c.productCode())).addString(c.lotCode()).addLong(c.stockOnHand())
                            .addLocalDate(c.occurredDate()).addString(c.eventId()).addString(c.lastLineItemId())).toList()).replaceWithVoid();
            return cards
                    .chain(() -> connection.preparedQuery("insert into sync_run_facility (run_id, facility_id, completed_at) values ($1, $2, now()) "
                            + "on conflict do nothing").execute(Tuple.of(runId, facilityId)))
                    .chain(() -> connection.preparedQuery("update sync_run set facilities_done = facilities_done + 1, "
                            + "cards_read = cards_read + $2, stock_events = stock_events + $3 where id = $1")
                            .execute(Tuple.of(runId, cardsRead, events)))
                    .replaceWithVoid();
        });
    }

    public Uni<Set<String>> doneFacilities(UUID runId) {
        return pool.preparedQuery("select facility_id from sync_run_facility where run_id = $1").execute(Tuple.of(runId)).map(rows -> {
            Set<String> done = new HashSet<>();
            rows.forEach(row -> done.add(row.getString("facility_id")));
            return done;
        });
    }

    // ---- runs

    public Uni<Void> createRun(UUID id, String trigger) {
        return pool.preparedQuery("insert into sync_run (id, trigger, status, started_at) values ($1, $2, 'RUNNING', now())")
                .execute(Tuple.of(id, trigger)).replaceWithVoid();
    }

    /** The latest run that stopped before completing, if it is the latest run at all. */
    public Uni<Optional<UUID>> resumableRun() {
        return pool.query("select id, status from sync_run order by started_at desc limit 1").execute()
                .map(rows -> {
                    for (Row row : rows) {
                        String status = row.getString("status");
                        if (status.equals("FAILED") || status.equals("INTERRUPTED")) {
                            return Optional.of(row.getUUID("id"));
                        }
                    }
                    return Optional.empty();
                });
    }

    /** Marks a stopped run as running again, recording the resumption (who, when, from how many facilities done). */
    public Uni<Void> resumeRun(UUID id, String trigger) {
        return pool.preparedQuery("update sync_run set status = 'RUNNING', error = null, finished_at = null, attempts = attempts + 1, "
                + "resumed_at = now(), resumed_by = $2, resumed_from = facilities_done where id = $1")
                .execute(Tuple.of(id, trigger)).replaceWithVoid();
    }

    /** The reference sync's outcome: facility count, events, and the facilities it could not place (replacing any earlier list). */
    public Uni<Void> recordReference(UUID id, int facilitiesTotal, long referenceEvents, List<UnplacedFacility> unplaced) {
        return pool.withTransaction(connection -> connection.preparedQuery("update sync_run set facilities_total = $2, "
                + "reference_events = reference_events + $3, facilities_unplaced = $4 where id = $1")
                .execute(Tuple.of(id, facilitiesTotal, referenceEvents, unplaced.size()))
                .chain(() -> connection.preparedQuery("delete from sync_run_unplaced where run_id = $1").execute(Tuple.of(id)))
                .chain(() -> unplaced.isEmpty() ? Uni.createFrom().voidItem()
                        : connection.preparedQuery("insert into sync_run_unplaced (run_id, facility_id, code, name, outcome, state_code, reason) "
                                + "values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing")
                                .executeBatch(unplaced.stream().map(u -> Tuple.tuple(List.of(id, u.openlmisId(), String.valueOf(u.code())))
                                        .addString(u.name()).addString(u.outcome().name()).addString(u.stateCode()).addString(u.reason()))
                                        .toList())
                                .replaceWithVoid())
                .replaceWithVoid());
    }

    public Uni<List<UnplacedFacility>> unplaced(UUID runId) {
        return pool.preparedQuery("select * from sync_run_unplaced where run_id = $1 order by outcome desc, code").execute(Tuple.of(runId))
                .map(rows -> {
                    List<UnplacedFacility> list = new ArrayList<>();
                    rows.forEach(row -> list.add(new UnplacedFacility(row.getString("facility_id"), row.getString("code"), row.getString("name"),
                            UnplacedFacility.Outcome.valueOf(row.getString("outcome")), row.getString("state_code"), row.getString("reason"))));
                    return list;
                });
    }

    /** Time spent waiting out an OpenLMIS outage, and what the run is waiting for (shown in {@code error} meanwhile). */
    public Uni<Void> recordOutage(UUID id, long seconds, String waitingFor) {
        return pool.preparedQuery("update sync_run set outage_seconds = outage_seconds + $2, error = $3 where id = $1")
                .execute(Tuple.of(id, seconds, waitingFor)).replaceWithVoid();
    }

    // ---- facility locations

    /** A facility's location from its full DTO, and the hash of its list entry when that was read. */
    public record FacilityDetail(String openlmisId, String listHash, Double latitude, Double longitude) {
    }

    public Uni<Map<String, FacilityDetail>> facilityDetails() {
        return pool.query("select * from facility_detail").execute().map(rows -> {
            Map<String, FacilityDetail> map = new HashMap<>();
            for (Row row : rows) {
                map.put(row.getString("openlmis_id"), new FacilityDetail(row.getString("openlmis_id"), row.getString("list_hash"),
                        row.getDouble("latitude"), row.getDouble("longitude")));
            }
            return map;
        });
    }

    public Uni<Void> saveFacilityDetails(List<FacilityDetail> details) {
        if (details.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("insert into facility_detail (openlmis_id, list_hash, latitude, longitude, read_at) values ($1, $2, $3, $4, now()) "
                + "on conflict (openlmis_id) do update set list_hash = excluded.list_hash, latitude = excluded.latitude, "
                + "longitude = excluded.longitude, read_at = now()")
                .executeBatch(details.stream().map(d -> Tuple.tuple(List.of(d.openlmisId(), d.listHash())).addDouble(d.latitude())
                        .addDouble(d.longitude())).toList())
                .replaceWithVoid();
    }

    public Uni<Void> finishRun(UUID id, SyncRun.Status status, String error) {
        return pool.preparedQuery("update sync_run set status = $2, error = $3, finished_at = now() where id = $1")
                .execute(Tuple.of(id, status.name(), error)).replaceWithVoid();
    }

    /** At start-up: a run still marked RUNNING was cut off by the stop of the previous process. */
    public Uni<Void> interruptRunning() {
        return pool.query("update sync_run set status = 'INTERRUPTED', finished_at = now(), error = 'the connector stopped during the run' "
                + "where status = 'RUNNING'").execute().replaceWithVoid();
    }

    public Uni<Optional<SyncRun>> run(UUID id) {
        return pool.preparedQuery("select * from sync_run where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRun(rows.iterator().next())));
    }

    public Uni<List<SyncRun>> latestRuns(int limit) {
        return pool.preparedQuery("select * from sync_run order by started_at desc limit $1").execute(Tuple.of(limit)).map(rows -> {
            List<SyncRun> runs = new ArrayList<>();
            rows.forEach(row -> runs.add(toRun(row)));
            return runs;
        });
    }

    private static SyncRun toRun(Row row) {
        return new SyncRun(row.getUUID("id"), row.getString("trigger"), SyncRun.Status.valueOf(row.getString("status")),
                instant(row, "started_at"), instant(row, "finished_at"), row.getInteger("facilities_total"), row.getInteger("facilities_done"),
                row.getLong("cards_read"), row.getLong("stock_events"), row.getLong("reference_events"), row.getInteger("facilities_unplaced"),
                row.getLong("outage_seconds"), row.getInteger("attempts"), instant(row, "resumed_at"), row.getString("resumed_by"),
                row.getInteger("resumed_from"), row.getString("error"));
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

}
