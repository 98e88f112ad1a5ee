package ng.vaxtrace.alert.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import ng.vaxtrace.contracts.Topics;

/**
 * Sends a record alert-service cannot read to its dead-letter topic, as received, with the reason in the same headers
 * SmallRye's own dead-letter strategy uses, and waits for the ack: nothing is dropped silently.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> levels;
    private final MutinyEmitter<String> readings;
    private final MeterRegistry metrics;

    public DeadLetters(@Channel("stock-levels-dlq") MutinyEmitter<String> levels,
            @Channel("coldchain-readings-dlq") MutinyEmitter<String> readings, MeterRegistry metrics) {
        this.levels = levels;
        this.readings = readings;
        this.metrics = metrics;
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, String reason) {
        Log.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        metrics.counter("vaxtrace_alert_dead_lettered_total", "topic", record.topic()).increment();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        MutinyEmitter<String> emitter = Topics.COLDCHAIN_READINGS.equals(record.topic()) ? readings : levels;
        return emitter.sendMessage(Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata));
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
