package ng.vaxtrace.alert.redistribution;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.type.TypeReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.alert.config.AlertConfig;
import ng.vaxtrace.alert.redistribution.TransferChanges.Change;
import ng.vaxtrace.alert.redistribution.TransferChanges.Published;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.TransferSuggestion;

/**
 * Publishes how the suggestions changed on {@code vaxtrace.transfers.v1} (docs/redistribution.md#live-updates): after
 * each plan, the differences from what was last published (table {@code transfer_publication}), every event acked by
 * the broker before the table records it, in one transaction. A failure rolls the table back, so the next plan
 * publishes the difference again — with the same event ids where nothing moved meanwhile, which consumers drop. One
 * replica at a time (an advisory lock; the others skip the round: they computed the same plan).
 */
@ApplicationScoped
public class TransferPublisher {

    private static final String SOURCE = "/alert-service";
    private static final String ONE_PUBLISHER = "select pg_try_advisory_xact_lock(hashtext('alert-service:transfers')) as mine";
    private static final String PUBLISHED = "select suggestion_id, version, status, fingerprint from transfer_publication";
    private static final String LAST = "select suggestion_id, payload, fingerprint from transfer_publication where suggestion_id = any($1)";
    private static final String RECORD = "insert into transfer_publication (suggestion_id, version, status, fingerprint, payload, changed_at) "
            + "values ($1, $2, $3, $4, $5, $6) on conflict (suggestion_id) do update set version = excluded.version, "
            + "status = excluded.status, fingerprint = excluded.fingerprint, payload = excluded.payload, changed_at = excluded.changed_at";
    /** A withdrawn suggestion is remembered this long, so that one coming back continues its versions (and ids). */
    private static final Duration KEEP_WITHDRAWN = Duration.ofDays(7);
    private static final int CHUNK = 1000;
    private static final TypeReference<TransferSuggestion> SUGGESTION = new TypeReference<>() {
    };

    private final MutinyEmitter<String> emitter;
    private final Pool pool;
    private final MeterRegistry metrics;
    private final int maxPerRun;

    public TransferPublisher(@Channel("transfers-out") MutinyEmitter<String> emitter, Pool pool, MeterRegistry metrics,
            AlertConfig config) {
        this.emitter = emitter;
        this.pool = pool;
        this.metrics = metrics;
        this.maxPerRun = config.redistribution().maxPublishedPerRun();
    }

    /** Publishes the plan's differences; the number of events published (0 when another replica holds the lock). */
    public Uni<Integer> publish(TransferSuggestions.Plan plan) {
        return pool.withTransaction(conn -> conn.query(ONE_PUBLISHER).execute()
                .flatMap(lock -> lock.iterator().next().getBoolean("mine") ? publishDiff(conn, plan) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishDiff(SqlConnection conn, TransferSuggestions.Plan plan) {
        return conn.query(PUBLISHED).execute()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Map<String, Published> published = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        published.put(row.getString("suggestion_id"),
                                new Published(row.getInteger("version"), row.getString("status"), row.getString("fingerprint")));
                    }
                    return TransferChanges.diff(published, plan.transfers(), plan.computedAt());
                })
                .flatMap(diff -> withdrawals(conn, diff.withdrawn().subList(0, Math.min(maxPerRun, diff.withdrawn().size())),
                        plan.computedAt()).map(withdrawn -> {
                            // Withdrawals first (a suggestion that no longer holds misleads), then the most urgent.
                            List<Change> all = new ArrayList<>(withdrawn);
                            all.addAll(diff.suggested().subList(0, Math.min(maxPerRun - all.size(), diff.suggested().size())));
                            if (all.size() < diff.withdrawn().size() + diff.suggested().size()) {
                                Log.infof("transfers: %d of %d changes published, the rest with the next plans", all.size(),
                                        diff.withdrawn().size() + diff.suggested().size());
                            }
                            return all;
                        }))
                .flatMap(changes -> Multi.createFrom().iterable(chunks(changes))
                        .onItem().transformToUniAndConcatenate(chunk -> send(chunk).chain(() -> remember(conn, chunk, plan.computedAt())))
                        .collect().last()
                        .chain(() -> conn.preparedQuery("delete from transfer_publication where status = 'WITHDRAWN' and changed_at < $1")
                                .execute(Tuple.of(plan.computedAt().minus(KEEP_WITHDRAWN).atOffset(ZoneOffset.UTC))))
                        .invoke(() -> {
                            if (!changes.isEmpty()) {
                                Log.debugf("transfers: %d changes published", changes.size());
                            }
                        })
                        .replaceWith(changes.size()));
    }

    /** The withdrawals of these suggestions, from what was last published of each. */
    private Uni<List<Change>> withdrawals(SqlConnection conn, List<String> ids, Instant computedAt) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery(LAST).execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
            List<Change> withdrawn = new ArrayList<>(rows.size());
            for (Row row : rows) {
                TransferSuggestion last = EventJson.read(row.getString("payload"), SUGGESTION);
                withdrawn.add(TransferChanges.withdrawal(last, row.getString("fingerprint"), computedAt));
            }
            return withdrawn;
        });
    }

    /** Sends a chunk and waits for every broker ack (in order per receiving facility: one key, one partition). */
    private Uni<Void> send(List<Change> chunk) {
        if (chunk.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>(chunk.size());
        for (Change change : chunk) {
            TransferSuggestion s = change.suggestion();
            String type = TransferSuggestion.WITHDRAWN.equals(s.status()) ? EventTypes.TRANSFER_WITHDRAWN : EventTypes.TRANSFER_SUGGESTED;
            String receiver = s.to().facilityCode();
            String value = EventJson.write(CloudEvent.of(change.eventId(), SOURCE, type, receiver, s.computedAt(), s));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(receiver)
                    .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                    .build();
            sends.add(emitter.sendMessage(Message.of(value).addMetadata(metadata))
                    .invoke(() -> metrics.counter("vaxtrace_alert_transfer_events_total", "type", s.status()).increment()));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static Uni<Void> remember(SqlConnection conn, List<Change> chunk, Instant at) {
        if (chunk.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(chunk.size());
        for (Change change : chunk) {
            TransferSuggestion s = change.suggestion();
            rows.add(Tuple.from(List.of(s.suggestionId(), s.version(), s.status(), change.fingerprint(), EventJson.write(s),
                    at.atOffset(ZoneOffset.UTC))));
        }
        return conn.preparedQuery(RECORD).executeBatch(rows).replaceWithVoid();
    }

    private static List<List<Change>> chunks(List<Change> changes) {
        List<List<Change>> chunks = new ArrayList<>();
        for (int i = 0; i < changes.size(); i += CHUNK) {
            chunks.add(changes.subList(i, Math.min(changes.size(), i + CHUNK)));
        }
        if (chunks.isEmpty()) {
            chunks.add(List.of());
        }
        return chunks;
    }
}
