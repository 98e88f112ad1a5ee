package ng.vaxtrace.ingest.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;

/**
 * Publishes events keyed by their subject: the facility code for stock events (so one facility's events stay
 * ordered), the fridge id for cold-chain readings. The returned Uni completes only when the broker acknowledged the
 * record (acks=all), which is when the API may answer 202.
 */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<String> stockEvents;
    private final MutinyEmitter<String> readings;

    public EventPublisher(@Channel("stock-events-out") MutinyEmitter<String> stockEvents,
            @Channel("coldchain-readings-out") MutinyEmitter<String> readings) {
        this.stockEvents = stockEvents;
        this.readings = readings;
    }

    public Uni<Void> publish(CloudEvent<?> event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.subject())
                .withHeaders(new RecordHeaders().add("content-type",
                        CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build();
        MutinyEmitter<String> emitter = EventTypes.COLDCHAIN_READING.equals(event.type()) ? readings : stockEvents;
        return emitter.sendMessage(Message.of(EventJson.write(event)).addMetadata(metadata));
    }
}
