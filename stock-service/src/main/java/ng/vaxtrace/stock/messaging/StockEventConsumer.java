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
import ng.vaxtrace.stock.config.StockConfig;

/**
 * Consumes stock events. The offset is committed only after the ledger transaction committed, so a crash means a
 * redelivery, which the event id turns into a no-op. A record that is not a CloudEvent at all goes to the
 * dead-letter topic with the reason; a well-formed but unacceptable event goes to rejected_event.
 */
@ApplicationScoped
public class StockEventConsumer {

    private final LedgerService ledger;
    private final OutboxRelay relay;
    private final boolean haltAfterCommit;

    public StockEventConsumer(LedgerService ledger, OutboxRelay relay, StockConfig config) {
        this.ledger = ledger;
        this.relay = relay;
        this.haltAfterCommit = config.faults().haltAfterCommit();
        if (haltAfterCommit) {
            Log.warn("FAULT INJECTION: the JVM halts after the first committed stock event (vaxtrace.stock.faults.halt-after-commit)");
        }
    }

    @Incoming("stock-events")
    public Uni<Void> consume(String value) {
        CloudEvent<StockEvent> event = parse(value);
        return ledger.apply(event, value)
                // Transient database trouble is retried here rather than dead-lettering a good event.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .invoke(outcome -> {
                    if (haltAfterCommit && outcome.kind() == LedgerOutcome.Kind.APPLIED) {
                        Runtime.getRuntime().halt(99); // a crash between commit and publish, for the recovery test
                    }
                })
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
