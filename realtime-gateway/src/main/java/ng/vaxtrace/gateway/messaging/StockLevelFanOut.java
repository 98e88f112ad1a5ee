package ng.vaxtrace.gateway.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.gateway.rooms.Room;
import ng.vaxtrace.gateway.rooms.RoomRegistry;
import ng.vaxtrace.gateway.ws.ServerFrame;

/**
 * Sends each stock-level change to the dashboards in the facility's room as {@code stock:update}. Every gateway
 * instance has its own consumer group, so each one sees every event for its own clients. Events are delivered at
 * least once by Kafka; recently seen ids are remembered so a re-publication is not shown twice.
 */
@ApplicationScoped
public class StockLevelFanOut {

    private static final int REMEMBERED_IDS = 10_000;

    private final RoomRegistry rooms;
    private final MeterRegistry metrics;
    private final Set<String> recentIds = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });

    public StockLevelFanOut(RoomRegistry rooms, MeterRegistry metrics) {
        this.rooms = rooms;
        this.metrics = metrics;
    }

    @Incoming("stock-levels")
    public void onStockLevelChanged(String value) {
        CloudEvent<StockLevelChanged> event;
        try {
            event = EventJson.read(value, EventJson.STOCK_LEVEL_CHANGED);
        } catch (IllegalArgumentException e) {
            // Not ours to repair: stock-service validates what it publishes. Count it and move on.
            metrics.counter("vaxtrace_gateway_unreadable_events_total").increment();
            Log.warnf("unreadable stock-level record skipped: %s", e.getMessage());
            return;
        }
        synchronized (recentIds) {
            if (!recentIds.add(event.id())) {
                return;
            }
        }
        Room room = Room.facility(event.data().facilityCode());
        String frame = EventJson.write(new ServerFrame("stock:update", room.name(), event.id(), event.data()));
        for (WebSocketConnection connection : rooms.membersOf(room)) {
            connection.sendText(frame).subscribe().with(
                    ok -> metrics.counter("vaxtrace_gateway_frames_sent_total", "event", "stock:update").increment(),
                    failure -> Log.debugf("send to %s failed: %s", connection.id(), failure.toString()));
        }
    }
}
