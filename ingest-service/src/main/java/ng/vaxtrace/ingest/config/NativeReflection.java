package ng.vaxtrace.ingest.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.ingest.model.Accepted;
import ng.vaxtrace.ingest.model.BatchResult;
import ng.vaxtrace.ingest.model.StockEventRequest;

/** Types serialised by Jackson outside of what Quarkus REST discovers itself; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockEvent.class, Lot.class, FieldViolation.class, Problem.class,
        StockEventRequest.class, Accepted.class, BatchResult.class, BatchResult.Item.class })
public class NativeReflection {
}
