package ng.vaxtrace.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.ingest.auth.RequestSignature;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
@WithTestResource(value = SigningClientResource.class)
class StockEventResourceTest extends IngestApiTest {

    @Override
    String topic() {
        return Topics.STOCK_EVENTS;
    }

    static String receipt(String eventId, String facility, long quantity) {
        return """
                {"eventId":"%s","type":"receipt","facilityCode":"%s","productCode":"PENTA",
                 "lot":{"code":"PT-2026-11","expiry":"2027-08-31"},"quantity":%d,
                 "occurredAt":"%s","sourceSystem":"field-app","vvmStage":1}
                """.formatted(eventId, facility, quantity, Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private RequestSpecification signed(String body, String secret, long timestamp) {
        return given().contentType("application/json")
                .header(RequestSignature.CLIENT_HEADER, SigningClientResource.CLIENT)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSignature.SIGNATURE_HEADER,
                        RequestSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String facility() {
        return "NG-TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    void shouldPublishASignedEventAsASchemaValidCloudEventKeyedByFacility() {
        String id = UUID.randomUUID().toString();
        String facility = facility();
        signed(receipt(id, facility, 500)).post("/api/v1/stock-events")
                .then().statusCode(202).body("eventId", equalTo(id)).body("status", equalTo("accepted"));

        ConsumerRecord<String, String> record = probe.await(r -> r.value().contains(id), Duration.ofSeconds(10));
        assertThat(record.key()).isEqualTo(facility);
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith("application/cloudevents+json");
        assertThat(ContractSchemas.violations(record.value())).isEmpty();
        CloudEvent<StockEvent> event = EventJson.read(record.value(), EventJson.STOCK_EVENT);
        assertThat(event.id()).isEqualTo(id);
        assertThat(event.type()).isEqualTo("ng.vaxtrace.stock.receipt.v1");
        assertThat(event.source()).isEqualTo("/ingest-service/clients/field-test");
        assertThat(event.data().quantity()).isEqualTo(500);
    }

    @Test
    void shouldAcceptTheSecondSecretDuringRotation() {
        String id = UUID.randomUUID().toString();
        signed(receipt(id, facility(), 5), secrets.get(1), Instant.now().getEpochSecond())
                .post("/api/v1/stock-events").then().statusCode(202);
    }

    @Test
    void shouldRefuseABadSignatureWithA401AndPublishNothing() {
        String facility = facility();
        String forged = UUID.randomUUID().toString();
        String body = receipt(forged, facility, 999);
        Response response = given().contentType("application/json")
                .header(RequestSignature.CLIENT_HEADER, SigningClientResource.CLIENT)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(Instant.now().getEpochSecond()))
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign("not-the-secret", Instant.now().getEpochSecond(),
                        body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/api/v1/stock-events");
        response.then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("signature does not match the body"));

        // A genuine event for the same facility lands on the same partition after it: once it is seen, the forged one
        // would have been seen too.
        String genuine = UUID.randomUUID().toString();
        signed(receipt(genuine, facility, 1)).post("/api/v1/stock-events").then().statusCode(202);
        probe.await(r -> r.value().contains(genuine), Duration.ofSeconds(10));
        assertThat(probe.seen()).noneMatch(r -> r.value().contains(forged));
    }

    @Test
    void shouldRefuseAReplayedRequestOutsideTheWindow() {
        long tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES).getEpochSecond();
        signed(receipt(UUID.randomUUID().toString(), facility(), 1), secrets.get(0), tenMinutesAgo)
                .post("/api/v1/stock-events")
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.startsWith("timestamp outside the allowed window"));
    }

    @Test
    void shouldRefuseAnUnknownClient() {
        given().contentType("application/json").header(RequestSignature.CLIENT_HEADER, "nobody")
                .header(RequestSignature.TIMESTAMP_HEADER, "1").header(RequestSignature.SIGNATURE_HEADER, "v1=00")
                .body("{}").post("/api/v1/stock-events")
                .then().statusCode(401).contentType("application/problem+json").body("detail", equalTo("unknown client 'nobody'"));
    }

    @Test
    void shouldNameEveryInvalidFieldInAProblemDocument() {
        String body = """
                {"eventId":"%s","type":"discard","facilityCode":"kano","productCode":"PENTA",
                 "lot":{"code":"PT-1"},"quantity":-3,"occurredAt":"2026-01-01T00:00:00Z","sourceSystem":"field-app",
                 "vvmStage":9,"reason":"MELTED"}
                """.formatted(UUID.randomUUID());
        signed(body).post("/api/v1/stock-events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("errors.field", containsInAnyOrder("facilityCode", "lot.expiry", "quantity", "vvmStage", "reason"));
    }

    @Test
    void shouldNameAFieldOfTheWrongTypeAndAnUnknownField() {
        String wrongType = """
                {"eventId":"%s","type":"receipt","facilityCode":"NG-KN-1","productCode":"PENTA","quantity":"lots",
                 "occurredAt":"2026-01-01T00:00:00Z","sourceSystem":"field-app"}""".formatted(UUID.randomUUID());
        signed(wrongType).post("/api/v1/stock-events").then().statusCode(400).body("errors.field", hasItem("quantity"));
        String misspelt = """
                {"eventId":"%s","type":"receipt","facilityCode":"NG-KN-1","productCode":"PENTA","quantitiy":5,
                 "occurredAt":"2026-01-01T00:00:00Z","sourceSystem":"field-app"}""".formatted(UUID.randomUUID());
        signed(misspelt).post("/api/v1/stock-events").then().statusCode(400).body("errors.field", hasItem("quantitiy"));
        signed("{not json").post("/api/v1/stock-events").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldAcceptTheValidItemsOfABatchAndReportTheOthers() {
        String good1 = UUID.randomUUID().toString();
        String good2 = UUID.randomUUID().toString();
        String facility = facility();
        String body = "{\"events\":[" + receipt(good1, facility, 10) + ","
                + "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"teleport\"}," + receipt(good2, facility, 20) + "]}";
        signed(body).post("/api/v1/stock-events/batch")
                .then().statusCode(207)
                .body("accepted", equalTo(2)).body("rejected", equalTo(1))
                .body("results[1].status", equalTo("rejected"))
                .body("results[1].errors.field", hasItem("events[1].type"));
        probe.await(r -> r.value().contains(good2), Duration.ofSeconds(10));
        assertThat(probe.seen()).anyMatch(r -> r.value().contains(good1));
    }

    @Test
    void shouldRefuseAnEmptyBatch() {
        signed("{\"events\":[]}").post("/api/v1/stock-events/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("events"));
    }
}
