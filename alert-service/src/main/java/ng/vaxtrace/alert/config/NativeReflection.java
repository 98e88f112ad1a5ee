package ng.vaxtrace.alert.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.StockLevelChanged;

/** Types deserialised by Jackson by hand; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockLevelChanged.class })
public class NativeReflection {
}
