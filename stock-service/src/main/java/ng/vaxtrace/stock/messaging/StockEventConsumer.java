package ng.vaxtrace.stock.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.stock.config.StockConfig;
import ng.vaxtrace.stock.ledger.LedgerOutcome;
import ng.vaxtrace.stock.ledger.LedgerService;
import ng.vaxtrace.stock.ledger.LedgerService.Received;

/**
 * Consumes stock events in batches (one poll, up to max.poll.records) and applies each batch in one transaction. The
 * offsets are committed only after that transaction committed, so a crash means a redelivery, which the event ids turn
 * into no-ops. A record that is not a CloudEvent goes to the dead-letter topic with the reason; a well-formed but
 * unacceptable event goes to rejected_event. If a batch keeps failing, its events are applied one by one so that a
 * single poison event is isolated (dead-lettered) and the others still land.
 */
@ApplicationScoped
public class StockEventConsumer {

    private final LedgerService ledger;
    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final boolean haltAfterCommit;
    private final java.util.Optional<String> haltAfterEvent;

    public StockEventConsumer(LedgerService ledger, OutboxRelay relay, DeadLetters deadLetters, StockConfig config) {
        this.ledger = ledger;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.haltAfterCommit = config.faults().haltAfterCommit();
        this.haltAfterEvent = config.faults().haltAfterEvent();
        if (haltAfterCommit) {
            Log.warn("FAULT INJECTION: the JVM halts after the first committed stock event (vaxtrace.stock.faults.halt-after-commit)");
        }
    }

    @Incoming("stock-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Received> events = new ArrayList<>();
        List<ConsumerRecord<String, String>> sources = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(new Received(parse(record.value()), record.value()));
                sources.add(record);
            } catch (IllegalArgumentException e) {
                dead.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = dead.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(dead).andFailFast().replaceWithVoid();
        return deadLettered.chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : apply(events, sources));
    }

    private Uni<Void> apply(List<Received> events, List<ConsumerRecord<String, String>> sources) {
        return ledger.applyAll(events)
                // Transient database trouble is retried rather than dead-lettering good events.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("batch of %d failed (%s); applying one by one", events.size(), e.toString());
                    return oneByOne(events, sources);
                })
                .invoke(outcomes -> haltIfAsked(events, outcomes))
                .flatMap(outcomes -> relay.deliver(outcomes.stream().filter(o -> o.kind() == LedgerOutcome.Kind.APPLIED)
                        .map(LedgerOutcome::outboxId).toList()));
    }

    private Uni<List<LedgerOutcome>> oneByOne(List<Received> events, List<ConsumerRecord<String, String>> sources) {
        List<Integer> indexes = java.util.stream.IntStream.range(0, events.size()).boxed().toList();
        return Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(i -> ledger.applyAll(List.of(events.get(i)))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                        .map(outcomes -> outcomes.get(0))
                        .onFailure().recoverWithUni(e -> deadLetters.send(sources.get(i), "could not be applied: " + e)
                                .replaceWith(LedgerOutcome.deadLettered())))
                .collect().asList();
    }

    private void haltIfAsked(List<Received> events, List<LedgerOutcome> outcomes) {
        boolean chosen = haltAfterEvent.map(id -> events.stream().anyMatch(e -> id.equals(e.event().id()))).orElse(true);
        if (haltAfterCommit && chosen && outcomes.stream().anyMatch(o -> o.kind() == LedgerOutcome.Kind.APPLIED)) {
            Runtime.getRuntime().halt(99); // a crash between commit and publish, for the recovery test
        }
    }

    private static CloudEvent<StockEvent> parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("empty record value");
        }
        CloudEvent<StockEvent> event = EventJson.read(value, EventJson.STOCK_EVENT);
        if (event.id() == null || event.id().isBlank() || event.id().length() > 128 || event.type() == null || event.data() == null) {
            throw new IllegalArgumentException("not a CloudEvent: id (at most 128 characters), type and data are required");
        }
        return event;
    }
}
