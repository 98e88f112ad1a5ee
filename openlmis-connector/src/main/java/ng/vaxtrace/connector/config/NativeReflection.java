package ng.vaxtrace.connector.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;

/** Types serialised by Jackson by hand; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockEvent.class, Lot.class })
public class NativeReflection {
}
