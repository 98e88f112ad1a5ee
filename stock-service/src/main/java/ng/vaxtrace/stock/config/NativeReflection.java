package ng.vaxtrace.stock.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.stock.rest.model.FacilityStock;

/** Types serialised by Jackson outside of what Quarkus REST discovers itself; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockEvent.class, Lot.class, StockLevelChanged.class, FieldViolation.class,
        Problem.class, FacilityStock.class, FacilityStock.ProductStock.class, FacilityStock.LotStock.class })
public class NativeReflection {
}
