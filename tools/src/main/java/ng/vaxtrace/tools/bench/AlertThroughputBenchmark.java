package ng.vaxtrace.tools.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.data.SyntheticNigeria;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.ServiceProcess;

/**
 * How fast alert-service turns stock-level changes into alerts: a backlog of N level changes (synthetic facilities all
 * over Nigeria; ~5% stock-outs, some low stock, lots near expiry, the odd VVM stage 3) is put on the topic first, then
 * alert-service is started and the time until its consumer group has no lag is measured — every change recorded,
 * every rule run, every transition written with its outbox row and published. Not a test: it prints figures.
 *
 * <p>Run: {@code ./vaxtrace bench alerts [--events N]} (servers of its own, fresh each run).
 */
public final class AlertThroughputBenchmark {

    private static final List<String> PRODUCTS = List.of("PENTA", "BCG", "BOPV", "MEASLES", "PCV", "ROTA", "IPV", "HEPB");

    public static void main(String[] args) throws Exception {
        int events = args.length >= 2 && args[0].equals("--events") ? Integer.parseInt(args[1]) : 50_000;
        LocalInfra.Endpoints infra = LocalInfra.start();
        System.out.printf("VaxTrace alert-service benchmark — %d stock-level changes, %d cores%n", events,
                Runtime.getRuntime().availableProcessors());

        long loadStart = System.nanoTime();
        publishBacklog(infra.kafkaBootstrap(), events);
        System.out.printf("  backlog published in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);
        long alertsBefore = endOffsets(infra.kafkaBootstrap(), Topics.ALERTS);

        Map<String, String> config = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl("vaxtrace_alert"),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl("vaxtrace_alert"), "quarkus.datasource.username", infra.pgUser(),
                "quarkus.log.level", "WARN");
        try (ServiceProcess alerts = ServiceProcess.start("alert-service", config, Map.of("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword()),
                "-Xmx512m")) {
            alerts.awaitReady(Duration.ofMinutes(3));
            // Timed from the first committed offset (the service is up and consuming) to no lag.
            long first = 0;
            long consumed = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (System.nanoTime() < deadline) {
                consumed = committed(infra.kafkaBootstrap(), "alert-service", Topics.STOCK_LEVELS);
                if (first == 0 && consumed > 0) {
                    first = System.nanoTime();
                    System.out.printf("  consuming (first commit at %d records)%n", consumed);
                }
                if (consumed >= events) {
                    break;
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            long alertEvents = endOffsets(infra.kafkaBootstrap(), Topics.ALERTS) - alertsBefore;
            System.out.printf("%nalert-service: %d level changes applied in %.1f s = %.0f changes/s; %d alert events published%n",
                    consumed, seconds, consumed / seconds, alertEvents);
            System.out.println("(one transaction per poll of up to 500 records; rules, transitions and outbox rows in it;"
                    + " events published after commit in outbox order)");
        }
    }

    private static void publishBacklog(String bootstrap, int events) {
        SyntheticNigeria data = new SyntheticNigeria(2026, 10);
        List<FacilityReference> facilities = data.facilities().stream().filter(f -> f.tier() == FacilityTier.HEALTH_FACILITY).toList();
        SplittableRandom random = new SplittableRandom(42);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < events; i++) {
                FacilityReference f = facilities.get((int) ((i * 7919L) % facilities.size()));
                String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
                long amc = 50 + random.nextInt(200);
                long balance = random.nextInt(20) == 0 ? 0 : random.nextInt((int) amc * 2);
                BigDecimal mos = BigDecimal.valueOf(balance).divide(BigDecimal.valueOf(amc), 2, java.math.RoundingMode.HALF_UP);
                String status = balance == 0 ? "STOCKED_OUT" : mos.doubleValue() < 0.25 ? "BELOW_MIN" : mos.doubleValue() > 1.25 ? "ABOVE_MAX" : "WITHIN_RANGE";
                Instant now = Instant.now();
                StockLevelChanged change = new StockLevelChanged(f.code(), product, product + "-LOT-" + (i % 3), UUID.randomUUID().toString(),
                        "consumption", balance + 10, balance, balance, now.minusSeconds(60), now,
                        new LevelMetrics(amc, mos, status, 0, 0.25, 1.25), new FacilityArea(f.zoneCode(), f.stateCode(), f.lgaCode()),
                        today.plusDays(20 + random.nextInt(300)), random.nextInt(200) == 0 ? 3 : null);
                producer.send(new ProducerRecord<>(Topics.STOCK_LEVELS, f.code(), EventJson.write(CloudEvent.of(UUID.randomUUID().toString(),
                        "/bench", EventTypes.STOCK_LEVEL_CHANGED, f.code(), now, change))));
            }
            producer.flush();
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static long committed(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static long endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
