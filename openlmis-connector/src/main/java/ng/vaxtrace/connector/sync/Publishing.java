package ng.vaxtrace.connector.sync;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/** Publishes in bounded chunks (the emitter's buffer is finite) and waits for every broker ack. */
final class Publishing {

    private static final int CHUNK = 100;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private Publishing() {
    }

    static <T> void publishAll(List<T> items, Function<T, Uni<Void>> publish) {
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<Uni<Void>> sends = items.subList(from, Math.min(items.size(), from + CHUNK)).stream().map(publish).toList();
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }
}
