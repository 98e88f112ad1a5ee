package ng.vaxtrace.alert;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicWriter;

/** alert-service is wired to the stock-level topic: what stock-service publishes reaches it. */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class)
class StockLevelListenerTest {

    private static final Pattern COUNTER = Pattern.compile("(?m)^vaxtrace_alert_stock_levels_received_total(?:\\{[^}]*\\})? ([0-9.E]+)$");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static double received() {
        Matcher m = COUNTER.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void shouldConsumeStockLevelChangesInItsOwnGroup() {
        double before = received();
        String facility = "NG-ALERT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        StockLevelChanged change = new StockLevelChanged(facility, "BCG", "", UUID.randomUUID().toString(), "issue", 10, 0, 0,
                Instant.now(), Instant.now(), null, null, null, null);
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(Topics.STOCK_LEVELS, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                    EventTypes.STOCK_LEVEL_CHANGED, facility, Instant.now(), change)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> received() > before);
    }
}
