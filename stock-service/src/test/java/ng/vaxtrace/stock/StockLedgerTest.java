package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.ledger.LedgerEntry;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockLedgerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    private void publish(String facility, String record) {
        writer.send(Topics.STOCK_EVENTS, facility, record);
    }

    private static CloudEvent<StockLevelChanged> levelChange(ConsumerRecord<String, String> record) {
        return EventJson.read(record.value(), EventJson.STOCK_LEVEL_CHANGED);
    }

    @Test
    void shouldApplyMovementsPerLotAndPublishSchemaValidLevelChanges() {
        String facility = StockEvents.registerFacility(writer);
        String receipt = UUID.randomUUID().toString();
        String consumption = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            publish(facility, StockEvents.record(receipt, StockEventType.RECEIPT, facility, "LOT-A", 500));
            publish(facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility, "LOT-B", 200));
            publish(facility, StockEvents.record(consumption, StockEventType.CONSUMPTION, facility, "LOT-A", 120));

            ConsumerRecord<String, String> last = levels.await(r -> r.value().contains(consumption), WAIT);
            assertThat(last.key()).isEqualTo(facility);
            assertThat(ContractSchemas.violations(last.value())).isEmpty();
            StockLevelChanged change = levelChange(last).data();
            assertThat(change.lotBalanceBefore()).isEqualTo(500);
            assertThat(change.lotBalanceAfter()).isEqualTo(380);
            assertThat(change.productBalanceAfter()).isEqualTo(580);
            assertThat(change.causeEventType()).isEqualTo("consumption");
        }
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].productCode", equalTo("PENTA"))
                .body("products[0].quantity", equalTo(580))
                .body("products[0].lots.find { it.lotCode == 'LOT-A' }.quantity", equalTo(380))
                .body("products[0].lots.find { it.lotCode == 'LOT-B' }.quantity", equalTo(200));
    }

    @Test
    void shouldSetTheBalanceOnAPhysicalCount() {
        String facility = StockEvents.registerFacility(writer);
        String count = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            publish(facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility, "LOT-A", 300));
            publish(facility, StockEvents.record(count, StockEventType.PHYSICAL_COUNT, facility, "LOT-A", 275));
            StockLevelChanged change = levelChange(levels.await(r -> r.value().contains(count), WAIT)).data();
            assertThat(change.lotBalanceBefore()).isEqualTo(300);
            assertThat(change.lotBalanceAfter()).isEqualTo(275);
        }
    }

    @Test
    void shouldIgnoreARedeliveredEvent() {
        String facility = StockEvents.registerFacility(writer);
        String id = UUID.randomUUID().toString();
        String marker = UUID.randomUUID().toString();
        String receipt = StockEvents.record(id, StockEventType.RECEIPT, facility, "LOT-A", 100);
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            publish(facility, receipt);
            publish(facility, receipt);
            publish(facility, StockEvents.record(marker, StockEventType.ISSUE, facility, "LOT-A", 1));
            levels.await(r -> r.value().contains(marker), WAIT);
            assertThat(levels.seen()).filteredOn(r -> r.value().contains("\"causeEventId\":\"" + id + "\"")).hasSize(1);
        }
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).body("products[0].quantity", equalTo(99));
    }

    @Test
    void shouldRejectAnEventThatWouldMakeStockNegativeAndShowWhy() {
        String facility = StockEvents.registerFacility(writer);
        String issue = UUID.randomUUID().toString();
        publish(facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility, "LOT-A", 10));
        publish(facility, StockEvents.record(issue, StockEventType.ISSUE, facility, "LOT-A", 11));
        await().atMost(WAIT).untilAsserted(() -> Api.national().queryParam("facilityCode", facility).get("/api/v1/rejected-events")
                .then().statusCode(200)
                .body("[0].eventId", equalTo(issue))
                .body("[0].reason", containsString("would make stock negative")));
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().body("products[0].quantity", equalTo(10));
    }

    @Test
    void shouldRejectAnEventThatBreaksTheContract() {
        String facility = StockEvents.registerFacility(writer);
        String id = UUID.randomUUID().toString();
        publish(facility, StockEvents.record(id, StockEventType.DISCARD, facility, "PENTA", "LOT-A", 5, null));
        await().atMost(WAIT).untilAsserted(() -> Api.national().queryParam("facilityCode", facility).get("/api/v1/rejected-events")
                .then().statusCode(200).body("[0].eventId", equalTo(id)).body("[0].reason", containsString("reason")));
    }

    @Test
    void shouldSendAnUnreadableRecordToTheDeadLetterTopicWithTheReason() {
        String key = StockEvents.facility(StockEvents.LGA);
        try (TopicProbe dlq = new TopicProbe(bootstrap, Topics.STOCK_EVENTS_DLQ)) {
            publish(key, "{this is not json");
            ConsumerRecord<String, String> dead = dlq.await(r -> key.equals(r.key()), WAIT);
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).isNotBlank();
        }
    }

    @Test
    void shouldDeadLetterReferenceDataItCannotStore() {
        String code = StockEvents.facility(StockEvents.LGA);
        try (TopicProbe dlq = new TopicProbe(bootstrap, "vaxtrace.reference.dlq.v1")) {
            writer.send(Topics.REFERENCE_DATA, code, "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                    + "\",\"type\":\"ng.vaxtrace.reference.facility.v1\",\"data\":{\"code\":\"" + code + "\",\"name\":\"No tier\"}}");
            ConsumerRecord<String, String> dead = dlq.await(r -> code.equals(r.key()), WAIT);
            assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).contains("tier");
        }
        Api.national().get("/api/v1/facilities/{f}", code).then().statusCode(404);
    }

    @Test
    void shouldAnswerNotModifiedUntilTheStockChanges() {
        String facility = StockEvents.registerFacility(writer);
        String second = UUID.randomUUID().toString();
        publish(facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility, "LOT-A", 40));
        await().atMost(WAIT).untilAsserted(() -> Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200));
        String etag = Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().header("ETag");
        Api.national().header("If-None-Match", etag).get("/api/v1/facilities/{f}/stock", facility).then().statusCode(304);

        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            publish(facility, StockEvents.record(second, StockEventType.RECEIPT, facility, "LOT-A", 2));
            levels.await(r -> r.value().contains(second), WAIT);
        }
        // The cached response was invalidated before the change was announced: the old ETag no longer matches.
        Api.national().header("If-None-Match", etag).get("/api/v1/facilities/{f}/stock", facility)
                .then().statusCode(200).body("products[0].quantity", equalTo(42));
    }

    @Test
    void shouldRejectEventsForUnknownFacilitiesAndProducts() {
        String unknownFacility = StockEvents.facility(StockEvents.LGA);
        String id = UUID.randomUUID().toString();
        publish(unknownFacility, StockEvents.record(id, StockEventType.RECEIPT, unknownFacility, "LOT-A", 5));
        await().atMost(WAIT).untilAsserted(() -> Api.national().queryParam("facilityCode", unknownFacility).get("/api/v1/rejected-events")
                .then().statusCode(200).body("[0].eventId", equalTo(id)).body("[0].reason", containsString("unknown facility")));

        String facility = StockEvents.registerFacility(writer);
        String unknownProduct = UUID.randomUUID().toString();
        publish(facility, StockEvents.record(unknownProduct, StockEventType.RECEIPT, facility, "SNAKE-ANTIVENOM", "LOT-A", 5, null));
        await().atMost(WAIT).untilAsserted(() -> Api.national().queryParam("facilityCode", facility).get("/api/v1/rejected-events")
                .then().statusCode(200).body("[0].eventId", equalTo(unknownProduct)).body("[0].reason", containsString("unknown product")));
    }

    @Test
    void shouldAnswerBadFacilityCodesAndUnknownFacilitiesWithProblems() {
        Api.national().get("/api/v1/facilities/{f}/stock", "not a code").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("facilityCode"));
        Api.national().get("/api/v1/facilities/{f}/stock", "NG-NEVER-SEEN").then().statusCode(404)
                .contentType("application/problem+json");
        Api.national().queryParam("limit", 0).get("/api/v1/rejected-events").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void shouldKeepTheLedgerAppendOnly() {
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery("update ledger_entry set quantity = 0").executeUpdate()))))
                .hasStackTraceContaining("append-only");
    }
}
