package ng.vaxtrace.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
class DeliveryConfirmationResourceTest extends IngestApiTest {

    private static final String PATH = "/api/v1/delivery-confirmations";

    @Override
    String topic() {
        return Topics.STOCK_EVENTS;
    }

    private static String confirmation(String id, String facility, boolean coldChainBreak, double celsius, String lots) {
        return """
                {"confirmationId":"%s","facilityCode":"%s","fromFacilityCode":"NG-KN-017","receivedAt":"%s",
                 "sourceSystem":"field-app","location":{"latitude":11.99,"longitude":8.52},
                 "temperatureAtReceiptCelsius":%s,"coldChainBreak":%s,"lots":[%s]}
                """.formatted(id, facility, Instant.now().minus(2, ChronoUnit.HOURS), celsius, coldChainBreak, lots);
    }

    private static String lot(String product, String code, long delivered, long received, int vvm) {
        return """
                {"productCode":"%s","lot":{"code":"%s","expiry":"2027-08-31"},"quantityDelivered":%d,"quantityReceived":%d,"vvmStage":%d}
                """.formatted(product, code, delivered, received, vvm);
    }

    private CloudEvent<StockEvent> published(String eventId) {
        ConsumerRecord<String, String> record = probe.await(r -> r.value().contains("\"id\":\"" + eventId + "\""), Duration.ofSeconds(10));
        assertThat(ContractSchemas.violations(record.value())).isEmpty();
        return EventJson.read(record.value(), EventJson.STOCK_EVENT);
    }

    @Test
    void shouldReceiveWhatArrivedAndDiscardLotsWhoseVvmSaysSo() {
        String id = UUID.randomUUID().toString();
        String facility = TestRequests.facility();
        String body = confirmation(id, facility, false, 5.5, lot("PENTA", "PT-1", 100, 90, 1) + "," + lot("MEASLES", "MS-9", 50, 50, 3));
        signed(body).post(PATH).then().statusCode(202)
                .body("status", equalTo("accepted"))
                .body("events.eventId", equalTo(List.of(id + ":0:receipt", id + ":1:receipt", id + ":1:discard")))
                .body("events[0].shortfall", equalTo(10));

        CloudEvent<StockEvent> receipt = published(id + ":0:receipt");
        assertThat(receipt.type()).isEqualTo("ng.vaxtrace.stock.receipt.v1");
        assertThat(receipt.subject()).isEqualTo(facility);
        assertThat(receipt.data().quantity()).isEqualTo(90);
        assertThat(receipt.data().counterpartyCode()).isEqualTo("NG-KN-017");
        CloudEvent<StockEvent> discard = published(id + ":1:discard");
        assertThat(discard.type()).isEqualTo("ng.vaxtrace.stock.discard.v1");
        assertThat(discard.data().reason()).isEqualTo("VVM");
        assertThat(discard.data().quantity()).isEqualTo(50);
        assertThat(discard.time()).isAfter(published(id + ":1:receipt").time());
    }

    @Test
    void shouldDiscardOnlyTheFrozenLinesFreezingHarmsAndPublishThemOnceWhenResent() {
        String id = UUID.randomUUID().toString();
        String facility = TestRequests.facility();
        String failed = lot("HEPB", "HB-3", 20, 20, 1).replace("}\n", ",\"shakeTest\":\"FAILED\"}\n");
        String body = confirmation(id, facility, true, -2.0, failed + "," + lot("PENTA", "PT-4", 30, 30, 1) + ","
                + lot("MEASLES", "MS-2", 40, 40, 1));
        String first = signed(body).post(PATH).then().statusCode(202)
                .body("events.eventId", equalTo(List.of(id + ":0:receipt", id + ":0:discard", id + ":1:receipt", id + ":2:receipt")))
                .body("events[1].reason", equalTo("FREEZE"))
                .body("events[2].advice", equalTo("SHAKE_TEST"))
                .extract().asString();
        String again = signed(body).post(PATH).then().statusCode(202).extract().asString();
        assertThat(again).isEqualTo(first);

        assertThat(published(id + ":0:discard").data().reason()).isEqualTo("FREEZE");
        String marker = UUID.randomUUID().toString();
        signed(TestRequests.receipt(marker, facility, 1)).post("/api/v1/stock-events").then().statusCode(202);
        probe.await(r -> r.value().contains(marker), Duration.ofSeconds(10));
        assertThat(probe.seen()).filteredOn(r -> r.value().contains("\"id\":\"" + id + ":0:receipt\"")).hasSize(1);
    }

    @Test
    void shouldNameEveryInvalidFieldOfAConfirmationAndPublishNothing() {
        String body = """
                {"confirmationId":"x","facilityCode":"kano","receivedAt":"2026-01-01T00:00:00Z","sourceSystem":"field-app",
                 "location":{"latitude":123,"longitude":8.5},"temperatureAtReceiptCelsius":4,
                 "lots":[{"productCode":"PENTA","lot":{"code":"PT-1"},"quantityDelivered":10,"quantityReceived":12}]}
                """;
        signed(body).post(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("confirmationId", "facilityCode", "location.latitude",
                        "lots[0].lot.expiry", "lots[0].quantityReceived"));
    }
}
