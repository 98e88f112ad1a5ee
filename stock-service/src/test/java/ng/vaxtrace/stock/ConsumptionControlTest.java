package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** An operator pauses a replica's consumption (maintenance, a backlog on purpose) and resumes it: nothing is lost. */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
class ConsumptionControlTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldHoldEventsInKafkaWhilePausedStayReadyAndApplyThemOnResume() {
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            String facility = StockEvents.registerFacility(writer);
            Api.admin().post("/api/v1/admin/consumption/pause").then().statusCode(200).body("paused", equalTo(true));
            // Every consumer has taken the pause into its loop before anything is sent.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.admin().get("/api/v1/admin/consumption").then()
                    .body("consumers.state", everyItem(equalTo("paused"))));
            String receipt = UUID.randomUUID().toString();
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(receipt, StockEventType.RECEIPT, facility, "LOT-P", 40));

            RestAssured.get("/q/health/ready").then().statusCode(200);
            Api.national().get("/api/v1/facilities/{code}", facility).then().statusCode(200);
            assertThat(levels.seen()).noneMatch(r -> r.value().contains(receipt));

            Api.admin().post("/api/v1/admin/consumption/resume").then().statusCode(200).body("paused", equalTo(false));
            levels.await(r -> r.value().contains(receipt), Duration.ofSeconds(15));
        } finally {
            Api.admin().post("/api/v1/admin/consumption/resume");
        }
    }

    @Test
    void shouldLetOnlyAnAdministratorPauseConsumption() {
        Api.national().post("/api/v1/admin/consumption/pause").then().statusCode(403);
        Api.as(Roles.ANALYST, null).get("/api/v1/admin/consumption").then().statusCode(403);
        RestAssured.post("/api/v1/admin/consumption/pause").then().statusCode(401);
        Api.admin().get("/api/v1/admin/consumption").then().statusCode(200).body("paused", equalTo(false));
    }
}
