package ng.vaxtrace.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
@WithTestResource(value = SigningClientResource.class)
class OpenLmisStockEventResourceTest extends IngestApiTest {

    private static final String PATH = "/api/v1/openlmis/stock-events";
    private static final LocalDate YESTERDAY = LocalDate.now(ZoneId.of("Africa/Lagos")).minusDays(1);

    @Override
    String topic() {
        return Topics.STOCK_EVENTS;
    }

    private static String event(String lineItems) {
        // documentNumber makes each test's body (and so its event ids) new on a long-lived Redis.
        return """
                {"facilityId":"%s","programId":"dce17f2e-af3e-40ad-8e00-3496adef44c3","documentNumber":"%s",
                 "signature":"vnurse1","lineItems":[%s]}
                """.formatted(OpenLmisIds.FACILITY, UUID.randomUUID(), lineItems);
    }

    private static String line(String orderable, long quantity, String extra) {
        return """
                {"orderableId":"%s","lotId":"%s","quantity":%d,"occurredDate":"%s",%s}
                """.formatted(orderable, OpenLmisIds.LOT, quantity, YESTERDAY, extra);
    }

    private CloudEvent<StockEvent> published(String eventId) {
        ConsumerRecord<String, String> record = probe.await(r -> r.value().contains("\"id\":\"" + eventId + "\""), Duration.ofSeconds(10));
        assertThat(ContractSchemas.violations(record.value())).isEmpty();
        assertThat(record.key()).isEqualTo(OpenLmisIds.FACILITY_CODE);
        return EventJson.read(record.value(), EventJson.STOCK_EVENT);
    }

    @Test
    void shouldMapReceiptsDiscardsAndDebitAdjustmentsOntoOurContract() {
        String body = event(line(OpenLmisIds.PENTA, 200, "\"sourceId\":\"" + OpenLmisIds.STATE_STORE_NODE + "\",\"extraData\":{\"vvmStatus\":\"STAGE_2\"}") + ","
                + line(OpenLmisIds.PENTA, 10, "\"reasonId\":\"" + OpenLmisIds.EXPIRED + "\"") + ","
                + line(OpenLmisIds.PENTA, 5, "\"reasonId\":\"" + OpenLmisIds.LOST + "\""));
        List<String> ids = signed(body).post(PATH).then().statusCode(202).body("accepted", equalTo(3))
                .extract().jsonPath().getList("results.eventId", String.class);

        CloudEvent<StockEvent> receipt = published(ids.get(0));
        assertThat(receipt.type()).isEqualTo("ng.vaxtrace.stock.receipt.v1");
        assertThat(receipt.data().counterpartyCode()).isEqualTo("NG-KN-017");
        assertThat(receipt.data().vvmStage()).isEqualTo(2);
        assertThat(receipt.data().lot().code()).isEqualTo("PT-2026-11");
        assertThat(receipt.data().sourceSystem()).isEqualTo("openlmis");
        assertThat(receipt.data().occurredAt()).isEqualTo(YESTERDAY.atStartOfDay(ZoneId.of("Africa/Lagos")).toInstant());
        CloudEvent<StockEvent> discard = published(ids.get(1));
        assertThat(discard.type()).isEqualTo("ng.vaxtrace.stock.discard.v1");
        assertThat(discard.data().reason()).isEqualTo("EXPIRED");
        CloudEvent<StockEvent> adjustment = published(ids.get(2));
        assertThat(adjustment.data().reason()).isEqualTo("LOST");
        assertThat(adjustment.data().quantity()).isEqualTo(-5);
    }

    @Test
    void shouldTreatAnEventWithoutReasonsSourcesOrDestinationsAsAPhysicalInventory() {
        String body = event(line(OpenLmisIds.PENTA, 0, "\"extraData\":{}"));
        String id = signed(body).post(PATH).then().statusCode(202).extract().jsonPath().getString("results[0].eventId");
        CloudEvent<StockEvent> count = published(id);
        assertThat(count.type()).isEqualTo("ng.vaxtrace.stock.physical-count.v1");
        assertThat(count.data().quantity()).isZero();
        assertThat(count.time()).isBefore(Instant.now());
    }

    @Test
    void shouldNameEveryFieldThatCannotBeMappedAndPublishNothing() {
        String body = event(line(OpenLmisIds.UNMAPPED_ORDERABLE, 3, "\"reasonId\":\"" + OpenLmisIds.EXPIRED + "\"") + ","
                + "{\"orderableId\":\"" + OpenLmisIds.PENTA + "\",\"quantity\":-1,\"sourceId\":\"x\"}");
        signed(body).post(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("lineItems[0].orderableId", "lineItems[1].quantity", "lineItems[1].occurredDate"));
    }
}
