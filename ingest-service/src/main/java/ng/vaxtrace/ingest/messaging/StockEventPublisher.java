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
import ng.vaxtrace.contracts.StockEvent;

/**
 * Publishes stock events keyed by facility code (so one facility's events stay ordered). The returned Uni completes
 * only when the broker acknowledged the record (acks=all), which is when the API may answer 202.
 */
@ApplicationScoped
public class StockEventPublisher {

    private final MutinyEmitter<String> emitter;

    public StockEventPublisher(@Channel("stock-events-out") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(CloudEvent<StockEvent> event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.subject())
                .withHeaders(new RecordHeaders().add("content-type",
                        CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build();
        return emitter.sendMessage(Message.of(EventJson.write(event)).addMetadata(metadata));
    }
}
