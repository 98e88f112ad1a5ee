package ng.vaxtrace.gateway.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import ng.vaxtrace.contracts.Topics;

/**
 * Tells the warm-up when both topics are positioned: the consumer has its partitions and its start offsets are fixed
 * (resolved here, in the assignment callback, rather than lazily at the next fetch). A warm-up read made after that
 * cannot fall between what it reads over REST and what the stream delivers: every change committed later is at or
 * after those offsets.
 */
@ApplicationScoped
@Identifier(StreamPositions.NAME)
@Default // also injected plainly, by the warm-up
public class StreamPositions implements KafkaConsumerRebalanceListener {

    public static final String NAME = "gateway-stream-positions";

    private final Map<String, CompletableFuture<Void>> positioned = new ConcurrentHashMap<>(
            Map.of(Topics.STOCK_LEVELS, new CompletableFuture<>(), Topics.ALERTS, new CompletableFuture<>()));

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            consumer.position(partition); // fixes "latest" now
        }
        partitions.stream().map(TopicPartition::topic).distinct().forEach(topic -> {
            CompletableFuture<Void> done = positioned.get(topic);
            if (done != null && done.complete(null)) {
                Log.debugf("%s positioned (%d partitions)", topic, partitions.size());
            }
        });
    }

    /** Completes once both topics have been positioned (the first assignment of each). */
    public CompletableFuture<Void> both() {
        return CompletableFuture.allOf(positioned.values().toArray(CompletableFuture[]::new));
    }
}
