package ng.vaxtrace.gateway.ws;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * Every connection's joins, leaves and pages, one at a time on one thread of their own, in the order they were asked
 * for (so each connection's own order too). They wait for the hub's lock, which an event loop must never do; on the
 * shared worker pool a storm of 2,000 joins parked ~200 threads on that lock, each with its own thread-local buffers
 * (heap per connection), and starved token checks and health probes of threads. The hub's work per join is short (a
 * cached snapshot), so one thread keeps up and nothing else waits for it.
 */
@ApplicationScoped
public class HubTasks {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread hub = new Thread(runnable, "gateway-hub-tasks");
        hub.setDaemon(true);
        return hub;
    });

    /** Runs the task after every task submitted before it. */
    void submit(Runnable task) {
        thread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Log.errorf(e, "hub task failed");
            }
        });
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
