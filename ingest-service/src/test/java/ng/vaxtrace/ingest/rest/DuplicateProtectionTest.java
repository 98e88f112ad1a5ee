package ng.vaxtrace.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;

/** Replays, re-sends and offline sync: whatever a device or an attacker sends twice is stored once. */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
@WithTestResource(value = SigningClientResource.class)
class DuplicateProtectionTest extends IngestApiTest {

    private static final String SINGLE = "/api/v1/stock-events";
    private static final String BATCH = "/api/v1/stock-events/batch";

    @Override
    String topic() {
        return Topics.STOCK_EVENTS;
    }

    /** Records on the topic carrying {@code id}, once {@code marker} (published after them) has been seen. */
    private long recordsWith(String id, String marker) {
        probe.await(r -> r.value().contains(marker), Duration.ofSeconds(10));
        return probe.seen().stream().filter(r -> r.value().contains("\"id\":\"" + id + "\"")).count();
    }

    private String publishMarker(String facility) {
        String marker = UUID.randomUUID().toString();
        signed(TestRequests.receipt(marker, facility, 1)).post(SINGLE).then().statusCode(202);
        return marker;
    }

    @Test
    void shouldRefuseACapturedRequestReplayedInsideTheWindowAndStoreItOnce() {
        String id = UUID.randomUUID().toString();
        String facility = TestRequests.facility();
        String body = TestRequests.receipt(id, facility, 40);
        long timestamp = Instant.now().getEpochSecond();
        TestRequests.request(SigningClientResource.CLIENT, secrets.get(0), body, timestamp).post(SINGLE).then().statusCode(202);

        TestRequests.request(SigningClientResource.CLIENT, secrets.get(0), body, timestamp).post(SINGLE)
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", startsWith("this signed request was already received"));
        assertThat(recordsWith(id, publishMarker(facility))).isEqualTo(1);
    }

    @Test
    void shouldAnswerTheSameAndPublishOnceWhenADeviceResendsAnEvent() {
        String id = UUID.randomUUID().toString();
        String facility = TestRequests.facility();
        String body = TestRequests.receipt(id, facility, 40);
        String first = signed(body).post(SINGLE).then().statusCode(202).extract().asString();
        // A retry after a lost answer: the same event, signed again.
        String second = signed(body).post(SINGLE).then().statusCode(202).extract().asString();

        assertThat(second).isEqualTo(first);
        assertThat(recordsWith(id, publishMarker(facility))).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEventIdReusedForADifferentEvent() {
        String id = UUID.randomUUID().toString();
        String facility = TestRequests.facility();
        signed(TestRequests.receipt(id, facility, 40)).post(SINGLE).then().statusCode(202);

        signed(TestRequests.receipt(id, facility, 41)).post(SINGLE)
                .then().statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("eventId"));
        assertThat(recordsWith(id, publishMarker(facility))).isEqualTo(1);
    }

    @Test
    void shouldSyncAnOfflineBacklogResentWithNewEventsWithoutDuplicates() {
        String facility = TestRequests.facility();
        Instant now = Instant.now();
        // Out of order on purpose: stock-service orders by occurredAt.
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String firstSync = "{\"events\":[" + TestRequests.receipt(b, facility, 20, now.minus(2, ChronoUnit.DAYS)) + ","
                + TestRequests.receipt(a, facility, 10, now.minus(3, ChronoUnit.DAYS)) + "]}";
        signed(firstSync).post(BATCH).then().statusCode(202).body("accepted", equalTo(2));

        // The device did not get the answer and sends its backlog again, plus what happened since.
        String secondSync = "{\"events\":[" + TestRequests.receipt(b, facility, 20, now.minus(2, ChronoUnit.DAYS)) + ","
                + TestRequests.receipt(a, facility, 10, now.minus(3, ChronoUnit.DAYS)) + ","
                + TestRequests.receipt(c, facility, 30, now.minus(1, ChronoUnit.DAYS)) + "]}";
        signed(secondSync).post(BATCH).then().statusCode(202)
                .body("accepted", equalTo(3)).body("results.status", equalTo(List.of("accepted", "accepted", "accepted")));

        String marker = publishMarker(facility);
        assertThat(List.of(a, b, c)).allSatisfy(id -> assertThat(recordsWith(id, marker)).isEqualTo(1));
    }

    @Test
    void shouldAcceptAFullBacklogOfTheLargestBatchInOneRequest() {
        String facility = TestRequests.facility();
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 500; i++) {
            body.append(i == 0 ? "" : ",").append(TestRequests.receipt(UUID.randomUUID().toString(), facility, i + 1));
        }
        signed(body.append("]}").toString()).post(BATCH).then().statusCode(202).body("accepted", equalTo(500));
    }

    @Test
    void shouldGiveTheFirstAnswerAgainForARepeatedIdempotencyKey() {
        String key = UUID.randomUUID().toString();
        String facility = TestRequests.facility();
        String good = UUID.randomUUID().toString();
        String body = "{\"events\":[" + TestRequests.receipt(good, facility, 10) + ",{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"type\":\"teleport\"}]}";
        long timestamp = Instant.now().getEpochSecond();
        Response first = TestRequests.request(SigningClientResource.CLIENT, secrets.get(0), body, timestamp)
                .header("Idempotency-Key", key).post(BATCH);
        first.then().statusCode(207);

        // The very same signed request again (a retry by a proxy): the kept answer, nothing new.
        Response again = TestRequests.request(SigningClientResource.CLIENT, secrets.get(0), body, timestamp)
                .header("Idempotency-Key", key).post(BATCH);
        again.then().statusCode(207).header("Idempotent-Replayed", "true");
        assertThat(again.asString()).isEqualTo(first.asString());

        signed("{\"events\":[" + TestRequests.receipt(UUID.randomUUID().toString(), facility, 1) + "]}")
                .header("Idempotency-Key", key).post(BATCH)
                .then().statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("Idempotency-Key"));
        assertThat(recordsWith(good, publishMarker(facility))).isEqualTo(1);
    }

    @Test
    void shouldRefuseABodyOverTheLimitWithA413Problem() {
        String padding = "x".repeat(1_100_000);
        signed("{\"events\":[],\"padding\":\"" + padding + "\"}").post(BATCH)
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void shouldLimitEachClientToItsOwnBudget() {
        String slowSecret = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("vaxtrace.ingest.clients.slow-test.secrets", String.class);
        Response limited = null;
        // Fixed windows: if one ends during the loop the budget refills once, hence up to twice the limit.
        for (int i = 0; i <= 2 * SigningClientResource.SLOW_LIMIT && limited == null; i++) {
            Response response = TestRequests.signed(SigningClientResource.SLOW_CLIENT, slowSecret,
                    TestRequests.receipt(UUID.randomUUID().toString(), TestRequests.facility(), 1)).post(SINGLE);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(202);
            }
        }
        assertThat(limited).as("a 429 once the budget of " + SigningClientResource.SLOW_LIMIT + " is spent").isNotNull();
        limited.then().contentType("application/problem+json").body("status", equalTo(429));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);

        // Another client's budget is its own.
        signed(TestRequests.receipt(UUID.randomUUID().toString(), TestRequests.facility(), 1)).post(SINGLE).then().statusCode(202);
    }
}
