package ng.vaxtrace.alert.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.type.TypeReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.alert.service.AlertEngine;
import ng.vaxtrace.alert.store.AlertBook.Change;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.StockLevelChanged;

/**
 * Consumes stock-level changes and cold-chain readings in batches (one poll, one transaction). Offsets are committed
 * after the transaction, so a crash means a redelivery that the processed-event ids turn into no-ops. A record that
 * cannot be read goes to the dead-letter topic with its reason. Database trouble (connection lost, timeout,
 * deadlock, failover) is waited out, retrying without end: a good event is never dead-lettered because Postgres was
 * away. Only when a batch fails on its data are its events applied one by one, so a single poison event is isolated.
 */
@ApplicationScoped
public class InboundBatches {

    private final AlertEngine engine;
    private final AlertOutboxRelay relay;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;

    public InboundBatches(AlertEngine engine, AlertOutboxRelay relay, DeadLetters deadLetters, MeterRegistry metrics) {
        this.engine = engine;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming("stock-levels")
    public Uni<Void> stockLevels(ConsumerRecords<String, String> records) {
        return consume(records, EventJson.STOCK_LEVEL_CHANGED, EventTypes.STOCK_LEVEL_CHANGED,
                e -> e.data().facilityCode() == null || e.data().productCode() == null || e.data().recordedAt() == null
                        ? "facilityCode, productCode and recordedAt are required" : null,
                engine::applyStockChanges);
    }

    @Incoming("coldchain-readings")
    public Uni<Void> readings(ConsumerRecords<String, String> records) {
        return consume(records, EventJson.COLDCHAIN_READING, EventTypes.COLDCHAIN_READING,
                e -> e.data().fridgeId() == null || e.data().facilityCode() == null || e.data().measuredAt() == null
                        || e.data().temperatureCelsius() == null ? "fridgeId, facilityCode, measuredAt and temperatureCelsius are required" : null,
                engine::applyReadings);
    }

    private <T> Uni<Void> consume(ConsumerRecords<String, String> records, TypeReference<CloudEvent<T>> shape, String type,
            Function<CloudEvent<T>, String> invalid, Function<List<CloudEvent<T>>, Uni<List<Change>>> apply) {
        List<CloudEvent<T>> events = new ArrayList<>();
        List<ConsumerRecord<String, String>> sources = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            String reason;
            CloudEvent<T> event = null;
            try {
                event = EventJson.read(record.value() == null ? "" : record.value(), shape);
                reason = event.id() == null || event.id().isBlank() || event.id().length() > 128 || event.data() == null
                        ? "not a CloudEvent: id (at most 128 characters) and data are required"
                        : !type.equals(event.type()) ? "unexpected event type " + event.type() : invalid.apply(event);
            } catch (IllegalArgumentException e) {
                reason = "unreadable: " + e.getMessage();
            }
            if (reason == null) {
                events.add(event);
                sources.add(record);
            } else {
                dead.add(deadLetters.send(record, reason));
            }
        }
        metrics.counter("vaxtrace_alert_events_received_total", "type", type).increment(records.count());
        Uni<Void> deadLettered = dead.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(dead).andFailFast().replaceWithVoid();
        if (events.isEmpty()) {
            return deadLettered;
        }
        return deadLettered.chain(() -> apply.apply(events)
                .onFailure(InboundBatches::transientFailure).invoke(e -> Log.warnf("database unavailable, retrying: %s", e.toString()))
                .onFailure(InboundBatches::transientFailure).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("batch of %d failed (%s); applying one by one", events.size(), e.toString());
                    return oneByOne(events, sources, apply);
                })
                .flatMap(relay::deliver));
    }

    private <T> Uni<List<Change>> oneByOne(List<CloudEvent<T>> events, List<ConsumerRecord<String, String>> sources,
            Function<List<CloudEvent<T>>, Uni<List<Change>>> apply) {
        List<Integer> indexes = java.util.stream.IntStream.range(0, events.size()).boxed().toList();
        return Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(i -> apply.apply(List.of(events.get(i)))
                        .onFailure(InboundBatches::transientFailure).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                        .onFailure().recoverWithUni(e -> deadLetters.send(sources.get(i), "could not be applied: " + e)
                                .replaceWith(List.<Change>of())))
                .collect().asList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /**
     * Worth waiting for: anything but a failure of the data itself (Postgres data and integrity errors, SQLSTATE
     * classes 22 and 23, and bugs surfacing as runtime exceptions of our own code).
     */
    static boolean transientFailure(Throwable e) {
        if (e instanceof io.vertx.pgclient.PgException pg) {
            String state = pg.getSqlState() == null ? "" : pg.getSqlState();
            return !(state.startsWith("22") || state.startsWith("23"));
        }
        return !(e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof NullPointerException
                || e instanceof ClassCastException || e instanceof UnsupportedOperationException);
    }
}
