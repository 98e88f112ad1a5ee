package ng.vaxtrace.alert.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.alert.rest.AuditResource;
import ng.vaxtrace.alert.store.AuditLog;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.TransferSuggestion;

/** Types (de)serialised by Jackson by hand; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockLevelChanged.class, LevelMetrics.class, FacilityArea.class,
        ColdChainReading.class, Alert.class, Alert.Note.class, Problem.class, FieldViolation.class,
        AuditResource.AuditEntry.class, AuditResource.AuditPage.class, AuditLog.AlertState.class,
        TransferSuggestion.class, TransferSuggestion.Party.class, TransferSuggestion.ShippedLot.class })
public class NativeReflection {
}
