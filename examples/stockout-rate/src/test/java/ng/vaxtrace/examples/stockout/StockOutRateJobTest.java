package ng.vaxtrace.examples.stockout;

import static ng.vaxtrace.examples.stockout.StockOutRateTest.DECEMBER;
import static ng.vaxtrace.examples.stockout.StockOutRateTest.change;
import static ng.vaxtrace.examples.stockout.StockOutRateTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.testing.LocalInfra;
import ng.vaxtrace.testing.TopicWriter;

/** The example job against a real Kafka broker: what stock-service publishes in, the CSV an analyst opens out. */
class StockOutRateJobTest {

    @Test
    void shouldComputeTheStockOutRateFromTheTopicCountingRedeliveriesOnceAndSkippingUnreadableRecords() throws Exception {
        String bootstrap = LocalInfra.start().kafkaBootstrap();
        String topic = "vaxtrace.stock.levels.example-" + UUID.randomUUID(); // this test's own copy of the topic
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            String stockOut = id();
            publish(writer, topic, id(), change("HF-A", "2026-11-01T00:00", 100));
            publish(writer, topic, stockOut, change("HF-A", "2026-11-11T00:00", 0));
            publish(writer, topic, stockOut, change("HF-A", "2026-11-11T00:00", 0)); // redelivered by the producer
            publish(writer, topic, id(), change("HF-A", "2026-11-21T00:00", 50));
            publish(writer, topic, id(), change("HF-B", "2026-11-01T00:00", 200));
            writer.send(topic, "HF-C", "{not json");
        }

        StockOutRateJob.Result result = StockOutRateJob.run(bootstrap, topic, DECEMBER, Duration.ofSeconds(30));

        assertThat(result.records()).isEqualTo(6);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.unreadable()).isEqualTo(1);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        StockOutRateJob.writeCsv(result.rows(), new PrintStream(csv, true, StandardCharsets.UTF_8));
        assertThat(csv.toString(StandardCharsets.UTF_8)).isEqualTo("""
                month,state,product,facilities,facility_days,stocked_out_days,stock_out_rate
                2026-11,NG-KN,PENTA,2,60.00,10.00,0.1667
                """);
    }

    private static void publish(TopicWriter writer, String topic, String id, StockLevelChanged change) {
        writer.send(topic, change.facilityCode(), EventJson.write(CloudEvent.of(id, "/stock-service", EventTypes.STOCK_LEVEL_CHANGED,
                change.facilityCode(), change.recordedAt(), change)));
    }
}
