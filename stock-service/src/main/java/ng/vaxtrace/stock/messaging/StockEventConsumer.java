package ng.vaxtrace.stock.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.stock.ledger.LedgerOutcome;
import ng.vaxtrace.stock.ledger.LedgerService;

/**
 * Consumes stock events. The offset is committed only after the ledger transaction committed, so a crash means a
 * redelivery, which the event id turns into a no-op. A record that is not a CloudEvent at all goes to the
 * dead-letter topic with the reason; a well-formed but unacceptable event goes to rejected_event.
 */
@ApplicationScoped
public class StockEventConsumer {

    private final LedgerService ledger;
    private final OutboxRelay relay;

    public StockEventConsumer(LedgerService ledger, OutboxRelay relay) {
        this.ledger = ledger;
        this.relay = relay;
    }

    @Incoming("stock-events")
    public Uni<Void> consume(String value) {
        CloudEvent<StockEvent> event = parse(value);
        return ledger.apply(event, value)
                // Transient database trouble is retried here rather than dead-lettering a good event.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .flatMap(outcome -> outcome.kind() == LedgerOutcome.Kind.APPLIED
                        ? relay.deliver(outcome.outboxId())
                        : Uni.createFrom().voidItem());
    }

    private static CloudEvent<StockEvent> parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("empty record value");
        }
        CloudEvent<StockEvent> event = EventJson.read(value, EventJson.STOCK_EVENT);
        if (event.id() == null || event.id().isBlank() || event.id().length() > 128 || event.type() == null || event.data() == null) {
            throw new IllegalArgumentException("not a CloudEvent: id (at most 128 characters), type and data are required");
        }
        Log.debugf("received %s %s", event.type(), event.id());
        return event;
    }
}
