package ng.vaxtrace.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ColdChainReading;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
@WithTestResource(value = SigningClientResource.class)
class ColdChainReadingResourceTest extends IngestApiTest {

    private static final String SINGLE = "/api/v1/coldchain/readings";
    private static final String BATCH = "/api/v1/coldchain/readings/batch";

    @Override
    String topic() {
        return Topics.COLDCHAIN_READINGS;
    }

    private static String fridge() {
        return "CCE-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String reading(String fridge, Instant measuredAt, double celsius) {
        return """
                {"fridgeId":"%s","facilityCode":"NG-KN-017-HF-001","measuredAt":"%s","temperatureCelsius":%s,"powerAvailable":false}
                """.formatted(fridge, measuredAt, celsius);
    }

    @Test
    void shouldPublishAReadingKeyedByFridgeWithTheFridgeAndTimeAsItsId() {
        String fridge = fridge();
        Instant measuredAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String expectedId = fridge + "@" + measuredAt;
        signed(reading(fridge, measuredAt, 9.5)).post(SINGLE)
                .then().statusCode(202).body("eventId", equalTo(expectedId)).body("status", equalTo("accepted"));

        ConsumerRecord<String, String> record = probe.await(r -> fridge.equals(r.key()), Duration.ofSeconds(10));
        assertThat(ContractSchemas.violations(record.value())).isEmpty();
        CloudEvent<ColdChainReading> event = EventJson.read(record.value(), EventJson.COLDCHAIN_READING);
        assertThat(event.id()).isEqualTo(expectedId);
        assertThat(event.type()).isEqualTo(EventTypes.COLDCHAIN_READING);
        assertThat(event.subject()).isEqualTo(fridge);
        assertThat(event.data().temperatureCelsius()).isEqualTo(9.5);
        assertThat(event.data().powerAvailable()).isFalse();
    }

    @Test
    void shouldUseTheMonitorsReadingIdAndPublishAResentReadingOnce() {
        String fridge = fridge();
        String readingId = UUID.randomUUID().toString();
        String body = reading(fridge, Instant.now().minus(1, ChronoUnit.MINUTES), 4.0).replace("{", "{\"readingId\":\"" + readingId + "\",");
        signed(body).post(SINGLE).then().statusCode(202).body("eventId", equalTo(readingId));
        signed(body).post(SINGLE).then().statusCode(202).body("eventId", equalTo(readingId));

        String marker = fridge + "-marker";
        signed(reading(fridge, Instant.now(), 5.0).replace("{", "{\"readingId\":\"" + marker + "\",")).post(SINGLE).then().statusCode(202);
        probe.await(r -> r.value().contains(marker), Duration.ofSeconds(10));
        assertThat(probe.seen()).filteredOn(r -> r.value().contains(readingId)).hasSize(1);
    }

    @Test
    void shouldNameEveryInvalidFieldOfAReading() {
        String body = """
                {"fridgeId":"","facilityCode":"kano","measuredAt":"%s","temperatureCelsius":120}
                """.formatted(Instant.now().plus(1, ChronoUnit.DAYS));
        signed(body).post(SINGLE).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("fridgeId", "facilityCode", "measuredAt", "temperatureCelsius"));
        signed("{\"fridgeId\":\"F1\",\"temperature\":3}").post(SINGLE).then().statusCode(400).body("errors.field", hasItem("temperature"));
    }

    @Test
    void shouldAcceptTheValidReadingsOfABacklogAndReportTheOthers() {
        String fridge = fridge();
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String body = "{\"readings\":[" + reading(fridge, start, 3.1) + "," + reading(fridge, start.plusSeconds(900), 99.0) + ","
                + reading(fridge, start.plusSeconds(1800), 8.9) + "]}";
        signed(body).post(BATCH).then().statusCode(207)
                .body("accepted", equalTo(2)).body("rejected", equalTo(1))
                .body("results[1].errors.field", hasItem("readings[1].temperatureCelsius"));
        probe.await(r -> r.value().contains(fridge + "@" + start.plusSeconds(1800)), Duration.ofSeconds(10));
        assertThat(probe.seen()).anyMatch(r -> r.value().contains(fridge + "@" + start));
    }
}
