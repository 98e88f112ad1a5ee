package ng.vaxtrace.ingest.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.ingest.model.Accepted;
import ng.vaxtrace.ingest.guard.IdempotencyStore;
import ng.vaxtrace.ingest.model.BatchResult;
import ng.vaxtrace.ingest.model.ColdChainReadingRequest;
import ng.vaxtrace.ingest.model.DeliveryConfirmationRequest;
import ng.vaxtrace.ingest.model.DeliveryResult;
import ng.vaxtrace.ingest.model.OpenLmisStockEvent;
import ng.vaxtrace.ingest.model.StockEventRequest;

/** Types serialised by Jackson outside of what Quarkus REST discovers itself; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockEvent.class, Lot.class, FieldViolation.class, Problem.class,
        StockEventRequest.class, Accepted.class, BatchResult.class, BatchResult.Item.class, ColdChainReading.class,
        ColdChainReadingRequest.class, IdempotencyStore.StoredAnswer.class, DeliveryConfirmationRequest.class,
        DeliveryConfirmationRequest.Location.class, DeliveryConfirmationRequest.LotLine.class, DeliveryResult.class,
        DeliveryResult.Event.class, OpenLmisStockEvent.class, OpenLmisStockEvent.LineItem.class })
public class NativeReflection {
}
