package ng.vaxtrace.gateway.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.TransferSuggestion;
import ng.vaxtrace.gateway.hub.OutFrame;
import ng.vaxtrace.gateway.hub.Payloads;
import ng.vaxtrace.gateway.ws.ClientFrame;

/** Types serialised by Jackson by hand; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockLevelChanged.class, LevelMetrics.class, FacilityArea.class,
        Alert.class, Alert.Note.class, ClientFrame.class, OutFrame.ControlFrame.class, OutFrame.ErrorData.class,
        Payloads.StockEntry.class, Payloads.Marker.class, Payloads.MapUpdate.class, Payloads.FacilitySummary.class,
        Payloads.Subscribed.class, Payloads.Snapshot.class, Payloads.AggregateSnapshot.class, Payloads.AreaCounts.class,
        Payloads.AggregateUpdate.class, Payloads.Page.class, Payloads.BatchedChange.class,
        TransferSuggestion.class, TransferSuggestion.Party.class, TransferSuggestion.ShippedLot.class })
public class NativeReflection {
}
