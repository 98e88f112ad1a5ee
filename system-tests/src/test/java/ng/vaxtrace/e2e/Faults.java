package ng.vaxtrace.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** What the fault-injection tests share: how each service is pointed at the infrastructure, and how to ask it how it is. */
final class Faults {

    static final String STOCK_DLQ = "vaxtrace.stock.events.dlq.v1";
    static final String REFERENCE_DLQ = "vaxtrace.reference.dlq.v1";
    static final String LEVELS_DLQ = "vaxtrace.stock.levels.dlq.alert-service.v1";
    static final String READINGS_DLQ = "vaxtrace.coldchain.readings.dlq.alert-service.v1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Faults() {
    }

    /** A dead consumer holds its partitions until its session expires: keep that short for restarts. */
    private static Map<String, String> kafka(LocalInfra.Endpoints infra) {
        return new HashMap<>(Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(), "kafka.session.timeout.ms", "6000",
                "kafka.heartbeat.interval.ms", "1000"));
    }

    private static Map<String, String> database(LocalInfra.Endpoints infra, String database) {
        Map<String, String> config = kafka(infra);
        config.putAll(Map.of("quarkus.datasource.reactive.url", infra.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(database), "quarkus.datasource.username", infra.pgUser()));
        return config;
    }

    static Map<String, String> stock(LocalInfra.Endpoints infra) {
        Map<String, String> config = database(infra, "vaxtrace_stock");
        config.put("quarkus.redis.hosts", infra.redisUrl());
        return config;
    }

    static Map<String, String> alerts(LocalInfra.Endpoints infra) {
        return database(infra, "vaxtrace_alert");
    }

    static Map<String, String> ingest(LocalInfra.Endpoints infra, String client, String secret) {
        Map<String, String> config = kafka(infra);
        config.put("quarkus.redis.hosts", infra.redisUrl());
        config.put("vaxtrace.ingest.clients." + client + ".secrets", secret);
        return config;
    }

    static Map<String, String> gateway(LocalInfra.Endpoints infra) {
        return kafka(infra);
    }

    static Map<String, String> password(LocalInfra.Endpoints infra) {
        return Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
    }

    /** The HTTP status of a GET, or -1 when the service does not answer at all. */
    static int status(ServiceProcess service, String path, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path)).timeout(Duration.ofSeconds(5));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int ready(ServiceProcess service) {
        return status(service, "/q/health/ready", null);
    }

    static int live(ServiceProcess service) {
        return status(service, "/q/health/live", null);
    }

    /** The facility's doses of every product through the API, -1 while the facility is not known yet. */
    static long doses(ServiceProcess stock, String facility, String authorization) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stock.uri("/api/v1/facilities/" + facility + "/stock"))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return -1;
        }
        long doses = 0;
        for (var product : EventJson.tree(response.body()).path("products")) {
            doses += product.path("quantity").asLong();
        }
        return doses;
    }

    /** Registers a new health facility of Kano's LGA 017 (code {@code NG-KN-017-<prefix><random>}), as the connector would. */
    static String facility(TopicWriter writer, String prefix) {
        String code = "NG-KN-017-" + prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        writer.send(Topics.REFERENCE_DATA, code, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/e2e",
                EventTypes.REFERENCE_FACILITY, code, Instant.now(), new FacilityReference(code, "Fault PHC " + code,
                        FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", "NG-KN-017", 11.9, 8.5, true))));
        return code;
    }

    /** A stock event of BCG lot BCG-FAULT-1 as ingest publishes it. */
    static String stockEvent(String id, StockEventType type, String facility, long quantity, Instant occurredAt) {
        StockEvent data = new StockEvent(facility, "BCG", new Lot("BCG-FAULT-1", LocalDate.parse("2027-03-31")), quantity, occurredAt,
                "fault-test", null, null, null);
        return EventJson.write(CloudEvent.of(id, "/e2e", type.cloudEventType(), facility, occurredAt, data));
    }

    /**
     * Reads {@code probe}'s topic to its current end: writes a marker record and waits for it, so "nothing arrived"
     * is a fact about the topic, not about how long the test waited.
     */
    static void drain(TopicProbe probe, TopicWriter writer, String topic) {
        String marker = "drain-marker-" + UUID.randomUUID();
        writer.send(topic, marker, marker);
        probe.await(r -> marker.equals(r.value()), Duration.ofSeconds(20));
    }
}
