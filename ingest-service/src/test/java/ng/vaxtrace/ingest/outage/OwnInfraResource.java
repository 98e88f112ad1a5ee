package ng.vaxtrace.ingest.outage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.OwnKafka;
import ng.vaxtrace.testing.OwnRedis;

/**
 * Points the application at a Kafka broker and a Redis of its own, with producer timeouts of a few seconds so an
 * outage shows quickly. Config {@code vaxtrace.test.own-infra.dir} tells the test where they live ({@code kafka/},
 * {@code redis/}).
 */
public class OwnInfraResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            LocalInfra.start(); // fetches the broker jars into .local/kafka-lib when they are missing
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "own-infra-");
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", OwnKafka.create(dir.resolve("kafka"), Topics.STOCK_EVENTS, Topics.COLDCHAIN_READINGS));
            config.put("quarkus.redis.hosts", OwnRedis.create(dir.resolve("redis")));
            config.put("vaxtrace.test.own-infra.dir", dir.toString());
            for (String channel : new String[] { "stock-events-out", "coldchain-readings-out" }) {
                String prefix = "mp.messaging.outgoing." + channel + ".";
                config.put(prefix + "max.block.ms", "3000");
                config.put(prefix + "request.timeout.ms", "2500");
                config.put(prefix + "delivery.timeout.ms", "3000");
            }
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            OwnKafka.kill(dir.resolve("kafka"));
            OwnRedis.kill(dir.resolve("redis"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
