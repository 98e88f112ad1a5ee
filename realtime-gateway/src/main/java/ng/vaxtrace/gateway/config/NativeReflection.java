package ng.vaxtrace.gateway.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.gateway.ws.ClientFrame;
import ng.vaxtrace.gateway.ws.ServerFrame;

/** Types serialised by Jackson by hand; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockLevelChanged.class, ClientFrame.class, ServerFrame.class,
        ServerFrame.ErrorData.class })
public class NativeReflection {
}
