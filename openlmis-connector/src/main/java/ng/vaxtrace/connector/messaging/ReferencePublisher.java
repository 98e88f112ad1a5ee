package ng.vaxtrace.connector.messaging;

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

/**
 * Publishes reference-data events (facility, product, lot) to {@code vaxtrace.reference.v1}, keyed by the entity
 * code (the subject); complete only once Kafka acknowledged, so the id map never records as published what was not.
 */
@ApplicationScoped
public class ReferencePublisher {

    private final MutinyEmitter<String> emitter;

    public ReferencePublisher(@Channel("reference-out") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(CloudEvent<?> event) {
        return emitter.sendMessage(Message.of(EventJson.write(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.subject())
                .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build()));
    }
}
