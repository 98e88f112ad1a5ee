package ng.vaxtrace.ingest.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.ingest.rest.SigningClientResource;
import ng.vaxtrace.ingest.rest.TestRequests;
import ng.vaxtrace.testing.OwnKafka;
import ng.vaxtrace.testing.OwnRedis;
import ng.vaxtrace.testing.TopicProbe;

/**
 * Kafka, then Redis, stop in the middle of a test: nothing is answered 202 while either is away (503 with
 * Retry-After), and the device's retry is accepted once it is back.
 */
@QuarkusTest
@WithTestResource(value = OwnInfraResource.class)
@WithTestResource(value = SigningClientResource.class)
class InfrastructureOutageTest {

    @ConfigProperty(name = "vaxtrace.ingest.clients.field-test.secrets")
    List<String> secrets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Response post(String body) {
        return TestRequests.signed(SigningClientResource.CLIENT, secrets.get(0), body).post("/api/v1/stock-events");
    }

    /** The very same signed request every time (same timestamp, same signature), as a device retrying its outbox. */
    private Response postAgain(String body, long timestamp) {
        return TestRequests.request(SigningClientResource.CLIENT, secrets.get(0), body, timestamp).post("/api/v1/stock-events");
    }

    /** Read here, not injected: every test application validates the injection points of every test class. */
    private static Path ownInfra(String server) {
        return Path.of(ConfigProvider.getConfig().getValue("vaxtrace.test.own-infra.dir", String.class)).resolve(server);
    }

    @Test
    void shouldAnswer503WhileKafkaIsDownAndAcceptTheRetryOnceItIsBack() throws Exception {
        String facility = TestRequests.facility();
        try (TopicProbe stockEvents = new TopicProbe(bootstrap, Topics.STOCK_EVENTS)) {
            String before = UUID.randomUUID().toString();
            post(TestRequests.receipt(before, facility, 10)).then().statusCode(202);

            OwnKafka.kill(ownInfra("kafka"));
            String during = UUID.randomUUID().toString();
            String body = TestRequests.receipt(during, facility, 20);
            long signedAt = Instant.now().getEpochSecond();
            postAgain(body, signedAt).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("5"));

            OwnKafka.start(ownInfra("kafka"));
            // The device retries the same signed request as told: a failure on our side gave its signature back.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> postAgain(body, signedAt).statusCode() == 202);

            stockEvents.await(r -> r.value().contains(during), Duration.ofSeconds(20));
            assertThat(stockEvents.seen()).anyMatch(r -> r.value().contains(before));
        }
    }

    @Test
    void shouldRefuseWritesWhileRedisIsDownRatherThanLoseDuplicateProtection() throws Exception {
        String facility = TestRequests.facility();
        try (TopicProbe stockEvents = new TopicProbe(bootstrap, Topics.STOCK_EVENTS)) {
            OwnRedis.kill(ownInfra("redis"));
            String during = UUID.randomUUID().toString();
            String body = TestRequests.receipt(during, facility, 20);
            long signedAt = Instant.now().getEpochSecond();
            postAgain(body, signedAt).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("5"));

            OwnRedis.start(ownInfra("redis"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> postAgain(body, signedAt).statusCode() == 202);
            stockEvents.await(r -> r.value().contains(during), Duration.ofSeconds(10));
        }
    }
}
