package ng.vaxtrace.alert;

import static ng.vaxtrace.alert.AlertTestSupport.KANO;
import static ng.vaxtrace.alert.AlertTestSupport.LAGOS;
import static ng.vaxtrace.alert.AlertTestSupport.as;
import static ng.vaxtrace.alert.AlertTestSupport.asNational;
import static ng.vaxtrace.alert.AlertTestSupport.await;
import static ng.vaxtrace.alert.AlertTestSupport.publishChange;
import static ng.vaxtrace.alert.AlertTestSupport.publishLevel;
import static ng.vaxtrace.alert.AlertTestSupport.stockedOut;
import static ng.vaxtrace.alert.AlertTestSupport.unique;
import static ng.vaxtrace.alert.AlertTestSupport.withinRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** Stock-level changes in Kafka → alerts opened, deduplicated, escalated, resolved; the alert API on top. */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class AlertLifecycleTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;
    private TopicProbe alerts;

    @BeforeEach
    void connect() {
        writer = new TopicWriter(bootstrap);
        alerts = new TopicProbe(bootstrap, Topics.ALERTS);
    }

    @AfterEach
    void disconnect() {
        writer.close();
        alerts.close();
    }

    @Test
    void shouldOpenOneAlertPerStockOutDespiteRedeliveryAndResolveItWhenRestocked() {
        String facility = unique("NG-KN-017-HF");
        Instant now = Instant.now();
        String first = publishLevel(writer, facility, KANO, "PENTA", "L1", 0, 0, stockedOut(), null, null, now);
        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.STOCK_OUT);
        assertThat(opened.data().severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(opened.data().area()).isEqualTo(KANO);
        assertThat(ContractSchemas.violations(EventJson.write(opened))).isEmpty();

        // The same record redelivered, and a second piece of evidence of the same stock-out.
        publishLevel(writer, first, facility, KANO, "PENTA", "L1", 0, 0, stockedOut(), null, null, now);
        publishLevel(writer, facility, KANO, "PENTA", "L2", 0, 0, stockedOut(), null, null, now.plusSeconds(1));
        publishLevel(writer, facility, KANO, "PENTA", "L1", 300, 300, withinRange(), null, null, now.plusSeconds(2));

        CloudEvent<Alert> resolved = await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.STOCK_OUT);
        assertThat(resolved.data().alertId()).isEqualTo(opened.data().alertId());
        assertThat(resolved.data().resolution()).isEqualTo("AUTO");
        assertThat(ContractSchemas.violations(EventJson.write(resolved))).isEmpty();

        asNational().queryParam("facility", facility).queryParam("status", "ALL").get("/api/v1/alerts").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("RESOLVED"));
        asNational().queryParam("facility", facility).get("/api/v1/alerts").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldCountAlertsRaisedResolvedAndOpenPerDay() {
        String facility = unique("NG-KN-017-HF");
        publishLevel(writer, facility, KANO, "PENTA", "", 0, 0, stockedOut(), null, null, Instant.now());
        await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.STOCK_OUT);
        io.restassured.path.json.JsonPath open = asNational().queryParam("facility", facility).queryParam("days", "7")
                .get("/api/v1/alerts/daily").then().statusCode(200).extract().jsonPath();
        assertThat(open.getList("days")).hasSize(7);
        assertThat(open.getList("days.raised", Long.class).stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        assertThat(open.getLong("days[6].open")).isEqualTo(1);

        publishLevel(writer, facility, KANO, "PENTA", "", 300, 300, withinRange(), null, null, Instant.now());
        await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.STOCK_OUT);
        io.restassured.path.json.JsonPath resolved = asNational().queryParam("facility", facility).queryParam("days", "7")
                .get("/api/v1/alerts/daily").then().statusCode(200).extract().jsonPath();
        assertThat(resolved.getList("days.resolved", Long.class).stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        assertThat(resolved.getLong("days[6].open")).isZero();

        asNational().queryParam("days", "0").get("/api/v1/alerts/daily").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("days"));
        as(Roles.STATE_OFFICER, "NG-LA").queryParam("area", "NG-KN").get("/api/v1/alerts/daily").then().statusCode(403);
    }

    @Test
    void shouldLetAnOfficerAcknowledgeAndResolveWithAHistory() {
        String facility = unique("NG-KN-017-HF");
        publishLevel(writer, facility, KANO, "BCG", "", 0, 0, stockedOut(), null, null, Instant.now());
        String id = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.STOCK_OUT).data().alertId();

        // The actor is the token's user; a body still naming one is refused rather than recorded under another name.
        as(Roles.STATE_OFFICER, "NG-KN").contentType(ContentType.JSON).body("{\"actor\":\"someone-else\",\"note\":\"x\"}")
                .post("/api/v1/alerts/{id}/acknowledge", id)
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("actor"));
        as(Roles.STATE_OFFICER, "NG-KN").contentType(ContentType.JSON).body("{\"note\":\"delivery booked\"}")
                .post("/api/v1/alerts/{id}/acknowledge", id).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("state-officer@NG-KN"));
        assertThat(await(alerts, EventTypes.ALERT_ACKNOWLEDGED, facility, AlertType.STOCK_OUT).data().notes())
                .extracting(Alert.Note::text).containsExactly("delivery booked");
        as(Roles.STATE_OFFICER, "NG-KN").contentType(ContentType.JSON).post("/api/v1/alerts/{id}/acknowledge", id)
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE).body("detail", containsString("ACKNOWLEDGED"));

        as(Roles.LGA_OFFICER, "NG-KN-017").contentType(ContentType.JSON).body("{\"note\":\"stock counted, ok\"}")
                .post("/api/v1/alerts/{id}/resolve", id).then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("resolution", equalTo("MANUAL")).body("resolvedBy", equalTo("lga-officer@NG-KN-017"));
        await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.STOCK_OUT);

        asNational().get("/api/v1/alerts/{id}", id).then().statusCode(200)
                .body("history.transition", contains("OPENED", "ACKNOWLEDGED", "RESOLVED"))
                .body("history.actor", contains("system", "state-officer@NG-KN", "lga-officer@NG-KN-017"));
        asNational().get("/api/v1/alerts/{id}", "3f1d1c1e-0000-4000-8000-000000000000").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        asNational().get("/api/v1/alerts/{id}", "not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void shouldPredictTheStockOutFromStockServicesFigureAndResolveItWhenRestocked() {
        // stock-service says 5.0 days of usable stock (level change v1.4): under the lead time → HIGH, with its date.
        String facility = unique("NG-KN-017-HF");
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Lagos"));
        publishLevel(writer, facility, KANO, "PENTA", "P1", 66, 66, forecast("5.0", today.plusDays(5)), null, null, Instant.now());
        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.PREDICTED_STOCK_OUT);
        assertThat(opened.data().severity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(opened.data().details()).containsEntry("predictedStockOutDate", today.plusDays(5).toString());
        assertThat(ContractSchemas.violations(EventJson.write(opened))).isEmpty();

        // A change without a prediction (a later one of the same batch carries it) leaves the alert; 40 days resolve it.
        publishLevel(writer, facility, KANO, "PENTA", "P1", 60, 60, withinRange(), null, null, Instant.now());
        publishLevel(writer, facility, KANO, "PENTA", "P2", 500, 560, forecast("40.0", today.plusDays(40)), null, null, Instant.now());
        CloudEvent<Alert> resolved = await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.PREDICTED_STOCK_OUT);
        assertThat(resolved.data().alertId()).isEqualTo(opened.data().alertId());
    }

    private static LevelMetrics forecast(String daysOfStock, LocalDate date) {
        return new LevelMetrics(400L, new BigDecimal("0.17"), "BELOW_MIN", 0, 0.25, 1.25, new BigDecimal(daysOfStock), date, 0L);
    }

    @Test
    void shouldAlertBelowTheMinimumStockOfTheTargetPopulationAndResolveItWhenRestocked() {
        // docs/domain-rules.md §6, I7: stock-service sends min/max stock 100/500 doses from 1,200 infants (v1.5). 90 doses
        // with an AMC of 300 are 0.30 months, not below 0.25 months; below the 100 doses of the need. 200 doses resolve it.
        String facility = unique("NG-KN-017-HF");
        LocalDate expiry = LocalDate.now(ZoneId.of("Africa/Lagos")).plusYears(1);
        publishLevel(writer, facility, KANO, "PENTA", "P1", 90, 90, needLevel(90, "BELOW_MIN"), expiry, null, Instant.now());
        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.BELOW_MIN);
        assertThat(opened.data().details()).containsEntry("minStock", 100).containsEntry("basis", "TARGET_POPULATION");
        assertThat(ContractSchemas.violations(EventJson.write(opened))).isEmpty();
        publishLevel(writer, facility, KANO, "PENTA", "P1", 200, 200, needLevel(200, "WITHIN_RANGE"), expiry, null, Instant.now());
        CloudEvent<Alert> resolved = await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.BELOW_MIN);
        assertThat(resolved.data().alertId()).isEqualTo(opened.data().alertId());
    }

    private static LevelMetrics needLevel(long balance, String status) {
        return new LevelMetrics(300L, BigDecimal.valueOf(balance).divide(BigDecimal.valueOf(300), 2, java.math.RoundingMode.HALF_UP),
                status, 0, 0.25, 1.25, null, null, null, 100L, 500L);
    }

    @Test
    void shouldEscalateWhenALotNearerExpiryArrives() {
        String facility = unique("NG-KN-017-HF");
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Lagos"));
        publishLevel(writer, facility, KANO, "MEASLES", "M-80", 200, 200, withinRange(), today.plusDays(80), null, Instant.now());
        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.LOT_EXPIRING);
        assertThat(opened.data().severity()).isEqualTo(AlertSeverity.LOW);

        publishLevel(writer, facility, KANO, "MEASLES", "M-20", 50, 250, withinRange(), today.plusDays(20), null, Instant.now());
        CloudEvent<Alert> escalated = await(alerts, EventTypes.ALERT_ESCALATED, facility, AlertType.LOT_EXPIRING);
        assertThat(escalated.data().alertId()).isEqualTo(opened.data().alertId());
        assertThat(escalated.data().severity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(escalated.data().previousSeverity()).isEqualTo(AlertSeverity.LOW);
        assertThat(escalated.data().lotCode()).isEqualTo("M-20");
        assertThat(ContractSchemas.violations(EventJson.write(escalated))).isEmpty();

        // VVM stage 3 on a lot still on hand; discarding the whole lot clears it.
        publishLevel(writer, facility, KANO, "MEASLES", "M-80", 200, 250, withinRange(), today.plusDays(80), 3, Instant.now());
        await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.VVM_DISCARD_STAGE);
        publishLevel(writer, facility, KANO, "MEASLES", "M-80", 0, 50, withinRange(), today.plusDays(80), 3, Instant.now());
        await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.VVM_DISCARD_STAGE);
    }

    /** Reference case V1 then V3 (docs/domain-rules.md §2) through Kafka: 10 of 1000 doses discarded at VVM 3, then a count. */
    @Test
    void shouldAlertOnTheShareOfALotDiscardedAtVvmStageThreeAndClearItAtTheNextCount() {
        String facility = unique("NG-KN-017-HF");
        LocalDate expiry = LocalDate.now(ZoneId.of("Africa/Lagos")).plusYears(1);
        publishChange(writer, facility, "PENTA", "PT-1", "receipt", 0, 1000, withinRange(), expiry, 1);
        publishChange(writer, facility, "PENTA", "PT-1", "discard", 1000, 990, withinRange(), expiry, 3);
        CloudEvent<Alert> opened = await(alerts, EventTypes.ALERT_OPENED, facility, AlertType.VVM_DISCARD_STAGE);
        assertThat(opened.data().severity()).isEqualTo(AlertSeverity.MEDIUM);
        assertThat(opened.data().message()).isEqualTo("PENTA: VVM stage 3 on lot PT-1, 1.0% of the lot: 10 doses (1 vial) discarded; "
                + "inspect the 990 doses (99 vials) left and discard any vial at stage 3 or 4");

        publishChange(writer, facility, "PENTA", "PT-1", "physical-count", 990, 990, withinRange(), expiry, null);
        CloudEvent<Alert> resolved = await(alerts, EventTypes.ALERT_RESOLVED, facility, AlertType.VVM_DISCARD_STAGE);
        assertThat(resolved.data().alertId()).isEqualTo(opened.data().alertId());
    }

    @Test
    void shouldListAndCountByAreaWithConditionalGets() {
        String product = unique("P");
        String kano = unique("NG-KN-017-HF");
        String lagos = unique("NG-LA-001-HF");
        publishLevel(writer, kano, KANO, product, "", 0, 0, stockedOut(), null, null, Instant.now());
        publishLevel(writer, lagos, LAGOS, product, "", 0, 0, stockedOut(), null, null, Instant.now());
        await(alerts, EventTypes.ALERT_OPENED, kano, AlertType.STOCK_OUT);
        await(alerts, EventTypes.ALERT_OPENED, lagos, AlertType.STOCK_OUT);

        asNational().queryParam("area", "NG-KN").queryParam("product", product).get("/api/v1/alerts").then().statusCode(200)
                .body("items.facilityCode", contains(kano));
        asNational().queryParam("area", "NG-SW").queryParam("product", product).get("/api/v1/alerts").then().statusCode(200)
                .body("items.facilityCode", contains(lagos));
        asNational().queryParam("area", "NG").queryParam("product", product).queryParam("limit", 1).get("/api/v1/alerts").then()
                .statusCode(200).body("items", hasSize(1)).body("nextCursor", org.hamcrest.Matchers.notNullValue());
        asNational().queryParam("product", product).queryParam("severity", "CRITICAL").get("/api/v1/alerts/counts").then().statusCode(200)
                .body("total", equalTo(2)).body("bySeverity.CRITICAL", equalTo(2)).body("bySeverity.LOW", equalTo(0))
                .body("byType.STOCK_OUT", equalTo(2));

        String etag = asNational().queryParam("area", "NG-KN-017").queryParam("product", product).get("/api/v1/alerts").then()
                .statusCode(200).extract().header("ETag");
        asNational().header("If-None-Match", etag).queryParam("area", "NG-KN-017").queryParam("product", product).get("/api/v1/alerts")
                .then().statusCode(304);

        asNational().queryParam("area", "NG-XX").queryParam("severity", "URGENT").queryParam("from", "yesterday").get("/api/v1/alerts")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.field", contains("area", "severity", "from"));
        asNational().queryParam("limit", "lots").get("/api/v1/alerts").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("limit"));
    }
}
