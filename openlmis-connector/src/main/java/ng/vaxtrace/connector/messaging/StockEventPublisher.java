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
import ng.vaxtrace.contracts.StockEvent;

/**
 * Publishes the stock events the OpenLMIS sync derives from stock cards; keyed by facility code, complete only once
 * Kafka acknowledged, so a sync never records as done what was not durable.
 */
@ApplicationScoped
public class StockEventPublisher {

    private final MutinyEmitter<String> emitter;

    public StockEventPublisher(@Channel("stock-events-out") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(CloudEvent<StockEvent> event) {
        return emitter.sendMessage(Message.of(EventJson.write(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.subject())
                .withHeaders(new RecordHeaders().add("content-type", CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)))
                .build()));
    }
}
