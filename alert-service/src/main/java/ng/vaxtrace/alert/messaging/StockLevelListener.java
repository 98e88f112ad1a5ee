package ng.vaxtrace.alert.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockLevelChanged;

/**
 * Receives stock-level changes in the alert-service consumer group. Today it only reads and counts them, so the
 * wiring (group, offsets, dead-letter topic) is exercised; the alert rules arrive with the alert-service issue.
 */
@ApplicationScoped
public class StockLevelListener {

    private final MeterRegistry metrics;

    public StockLevelListener(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Incoming("stock-levels")
    public void onStockLevelChanged(String value) {
        CloudEvent<StockLevelChanged> event = EventJson.read(value, EventJson.STOCK_LEVEL_CHANGED);
        Log.debugf("stock level of %s/%s is now %d", event.subject(), event.data().productCode(), event.data().productBalanceAfter());
        metrics.counter("vaxtrace_alert_stock_levels_received_total").increment();
    }
}
