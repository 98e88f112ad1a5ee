package ng.vaxtrace.gateway.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.type.TypeReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.gateway.hub.RoomHub;

/**
 * Feeds the hub from Kafka. Every gateway instance reads the topics in a consumer group of its own, from the live
 * end, so each one sees every event for its own clients; the hub drops redelivered event ids.
 */
@ApplicationScoped
public class EventConsumers {

    private final RoomHub hub;
    private final MeterRegistry metrics;

    public EventConsumers(RoomHub hub, MeterRegistry metrics) {
        this.hub = hub;
        this.metrics = metrics;
    }

    // Whole poll batches: one hand-over to a worker thread per batch, not per record (it dominated under load).
    @Incoming("stock-levels")
    public void onStockLevels(List<String> values) {
        for (String value : values) {
            var event = read(value, EventJson.STOCK_LEVEL_CHANGED, Topics.STOCK_LEVELS);
            if (event != null) {
                hub.onStockLevel(event);
            }
        }
    }

    @Incoming("alerts")
    public void onAlerts(List<String> values) {
        for (String value : values) {
            var event = read(value, EventJson.ALERT, Topics.ALERTS);
            if (event != null) {
                hub.onAlert(event);
            }
        }
    }

    @Incoming("transfers")
    public void onTransfers(List<String> values) {
        for (String value : values) {
            var event = read(value, EventJson.TRANSFER, Topics.TRANSFERS);
            if (event != null) {
                hub.onTransfer(event);
            }
        }
    }

    private <T> CloudEvent<T> read(String value, TypeReference<CloudEvent<T>> type, String topic) {
        metrics.counter("vaxtrace_gateway_events_consumed_total", "topic", topic).increment();
        try {
            return EventJson.read(value, type);
        } catch (IllegalArgumentException e) {
            // Not ours to repair (the producer validates and owns a dead-letter topic); the gateway stores nothing
            // durable, so a skipped record only costs a live update. Count it and move on.
            metrics.counter("vaxtrace_gateway_unreadable_events_total", "topic", topic).increment();
            Log.warnf("unreadable record on %s skipped: %s", topic, e.getMessage());
            return null;
        }
    }
}
