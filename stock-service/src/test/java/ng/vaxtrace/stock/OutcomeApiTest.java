package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Outcome metrics of a month as officers read them (JSON and CSV) after the rollup, consistent with the stock API, and
 * their DHIS2 export to a server that checks the payload like DHIS2's import does and can fail for a while.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutcomeApiTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The port the test profile's vaxtrace.stock.dhis2.base-url names. */
    private static final int DHIS2_PORT = 18431;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;
    private HttpServer dhis2;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToCome = new AtomicInteger();

    @BeforeAll
    void start() throws IOException {
        writer = new TopicWriter(bootstrap);
        dhis2 = HttpServer.create(new InetSocketAddress("127.0.0.1", DHIS2_PORT), 0);
        dhis2.createContext("/api/dataValueSets", this::dataValueSets);
        dhis2.start();
    }

    @AfterAll
    void stop() {
        writer.close();
        dhis2.stop(0);
    }

    /** Three months ago (Lagos): complete, and its reporting deadline long past. */
    private static YearMonth pastMonth() {
        return YearMonth.from(StockMetrics.businessDay(Instant.now())).minusMonths(3);
    }

    private static Instant at(YearMonth month, int day) {
        return month.atDay(day).atTime(LocalTime.of(10, 0)).atZone(StockMetrics.BUSINESS_ZONE).toInstant();
    }

    private void send(StockEventType type, String facility, long quantity, String reason, Instant at) {
        writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(UUID.randomUUID().toString(), type, facility, "PENTA", "LOT-A",
                quantity, reason, at));
    }

    private static long quantity(String facility) {
        return ((Number) Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract()
                .path("products[0].quantity")).longValue();
    }

    /**
     * A facility's month: 100 received on the 1st, all used on the 11th, 50 received on the 21st (out 10 days), then
     * 5 VVM and 3 expired doses discarded, 2 lost to open vials, and a count of the 40 left on the 26th, sent late.
     */
    private String pastMonthFacility(YearMonth month) {
        String facility = StockEvents.registerFacility(writer);
        send(StockEventType.RECEIPT, facility, 100, null, at(month, 1));
        send(StockEventType.CONSUMPTION, facility, 100, null, at(month, 11));
        send(StockEventType.RECEIPT, facility, 50, null, at(month, 21));
        send(StockEventType.DISCARD, facility, 5, "VVM", at(month, 22));
        send(StockEventType.DISCARD, facility, 3, "EXPIRED", at(month, 23));
        send(StockEventType.ADJUSTMENT, facility, -2, "OPEN_VIAL_WASTAGE", at(month, 24));
        send(StockEventType.PHYSICAL_COUNT, facility, 40, null, at(month, 26));
        await().atMost(WAIT).until(() -> Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().extract()
                .jsonPath().getList("items").size() == 7);
        return facility;
    }

    private static void refresh(YearMonth month) {
        Api.admin().post("/api/v1/admin/outcomes/{m}/refresh", month.toString()).then().statusCode(200).body("month", equalTo(month.toString()));
    }

    @Test
    void shouldGiveAFacilitysStockOutRateWastageByReasonAndLateReportForAPastMonth() {
        YearMonth month = pastMonth();
        String facility = pastMonthFacility(month);
        refresh(month);

        JsonPath report = Api.national().get("/api/v1/areas/{a}/outcomes?month={m}&product=PENTA", facility, month.toString())
                .then().statusCode(200).extract().jsonPath();
        assertThat(report.getString("level")).isEqualTo("FACILITY");
        assertThat(report.getInt("products[0].facilityDays")).isEqualTo(month.lengthOfMonth());
        assertThat(report.getInt("products[0].stockOutDays")).isEqualTo(10);
        assertThat(report.getDouble("products[0].stockOutRate")).isEqualTo(Math.round(10_0000.0 / month.lengthOfMonth()) / 10_000.0);
        assertThat(report.getLong("products[0].used")).isEqualTo(100);
        assertThat(report.getMap("products[0].wastage")).containsEntry("VVM", 5).containsEntry("EXPIRED", 3).containsEntry("OPEN_VIAL", 2)
                .containsEntry("HEAT", 0);
        assertThat(report.getLong("products[0].wasted")).isEqualTo(10);
        assertThat(report.getDouble("products[0].wastageRate")).isEqualTo(0.0909);
        assertThat(report.getLong("products[0].closingStock")).isEqualTo(40);
        assertThat(report.getInt("reporting.facilities")).isEqualTo(1);
        assertThat(report.getInt("reporting.reported")).isEqualTo(1);
        assertThat(report.getInt("reporting.onTime")).isZero();
    }

    @Test
    void shouldAgreeWithTheStockApiForTheCurrentMonthAndCountACountSentNowAsOnTime() {
        String facility = StockEvents.registerFacility(writer);
        Instant now = Instant.now();
        send(StockEventType.RECEIPT, facility, 30, null, now.minus(2, ChronoUnit.MINUTES));
        send(StockEventType.PHYSICAL_COUNT, facility, 30, null, now.minus(1, ChronoUnit.MINUTES));
        await().atMost(WAIT).until(() -> Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().extract()
                .jsonPath().getList("items").size() == 2);
        int year = YearMonth.now(StockMetrics.BUSINESS_ZONE).getYear();
        Api.admin().contentType("application/json").body(Map.of("children", 12)).put("/api/v1/admin/outcomes/targets/{a}/{y}", facility, year)
                .then().statusCode(200);
        YearMonth current = YearMonth.from(StockMetrics.businessDay(now));
        refresh(current);

        JsonPath stock = Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().jsonPath();
        JsonPath report = Api.as(Roles.STATE_OFFICER, "NG-KN").get("/api/v1/areas/{a}/outcomes", facility).then().statusCode(200)
                .extract().jsonPath();
        assertThat(report.getString("month")).isEqualTo(current.toString());
        assertThat(report.getLong("products[0].closingStock")).isEqualTo(stock.getLong("products[0].quantity")).isEqualTo(30);
        assertThat(report.getMap("products[0].monthsOfStock")).containsEntry(stock.getString("products[0].status"), 1);
        assertThat(report.getDouble("products[0].dosesPerTargetChild")).isEqualTo(2.5);
        assertThat(report.getInt("reporting.onTime")).isEqualTo(1);
        assertThat(report.getDouble("reporting.onTimeRate")).isEqualTo(1.0);

        // The LGA's figures include it; another state's officer may not read them.
        JsonPath lga = Api.national().get("/api/v1/areas/{a}/outcomes?product=PENTA", StockEvents.LGA).then().statusCode(200).extract().jsonPath();
        assertThat(lga.getLong("products[0].closingStock")).isGreaterThanOrEqualTo(30);
        Api.as(Roles.STATE_OFFICER, "NG-LA").get("/api/v1/areas/{a}/outcomes", StockEvents.LGA).then().statusCode(403);
        Api.as(Roles.STATE_OFFICER, "NG-LA").get("/api/v1/areas/{a}/outcomes", facility).then().statusCode(403);
    }

    @Test
    void shouldRefuseABadOrFutureMonthAndAMonthNeverComputedWithProblems() {
        Api.national().get("/api/v1/areas/NG/outcomes?month=2026-13").then().statusCode(400).body("errors[0].field", equalTo("month"));
        String next = YearMonth.from(StockMetrics.businessDay(Instant.now())).plusMonths(1).toString();
        Api.national().get("/api/v1/areas/NG/outcomes?month=" + next).then().statusCode(400).body("errors[0].field", equalTo("month"));
        Api.national().get("/api/v1/areas/NG/outcomes?month=2001-01").then().statusCode(404);
        Api.national().get("/api/v1/areas/NG/outcomes?format=xls").then().statusCode(400).body("errors[0].field", equalTo("format"));
    }

    @Test
    void shouldDownloadTablesAsCsvWithFormulasNeutralised() {
        String facility = StockEvents.facility(StockEvents.LGA);
        String name = "=HYPERLINK(\"http://example.org\",\"click\"), PHC";
        writer.send(Topics.REFERENCE_DATA, facility, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                EventTypes.REFERENCE_FACILITY, facility, Instant.now(), new FacilityReference(facility, name, FacilityTier.HEALTH_FACILITY,
                        "NG-NW", "NG-KN", StockEvents.LGA, 11.9, 8.5, true))));
        await().atMost(WAIT).until(() -> Api.national().get("/api/v1/facilities/{f}", facility).statusCode() == 200);
        send(StockEventType.RECEIPT, facility, 20, null, Instant.now().minus(1, ChronoUnit.MINUTES));
        await().atMost(WAIT).ignoreExceptions().until(() -> quantity(facility) == 20);

        String csv = Api.national().get("/api/v1/areas/{a}/facility-stock?format=csv", facility).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[0]).startsWith("facility,name,tier,state,lga,product,quantity");
        assertThat(csv.split("\r\n")[1]).startsWith(facility + ",\"'=HYPERLINK(\"\"http://example.org\"\",\"\"click\"\"), PHC\",HEALTH_FACILITY,"
                + "NG-KN," + StockEvents.LGA + ",PENTA,20,");

        refresh(YearMonth.from(StockMetrics.businessDay(Instant.now())));
        String outcomes = Api.national().header("Accept", "text/csv").get("/api/v1/areas/{a}/outcomes", facility).then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString(".csv")).extract().asString();
        assertThat(outcomes.split("\r\n")[0]).startsWith("area,area_name,level,month,product,facilities,facility_days,stock_out_days");
        assertThat(outcomes.split("\r\n")[1]).startsWith(facility + ",\"'=HYPERLINK(").contains(",FACILITY,");

        Api.national().get("/api/v1/areas/NG/facility-stock?format=csv").then().statusCode(400).body("errors[0].field", equalTo("product"));
        Api.as(Roles.STATE_OFFICER, "NG-LA").get("/api/v1/areas/{a}/facility-stock?format=csv", StockEvents.LGA).then().statusCode(403);
    }

    @Test
    void shouldPushAMonthToDhis2ThroughTransientFailuresOnceAndSkipAnUnchangedRepush() throws IOException {
        YearMonth month = pastMonth();
        String facility = pastMonthFacility(month);
        refresh(month);
        // A new org unit UID per run: the database outlives test runs, and an unchanged payload would (rightly) be skipped.
        String orgUnit = "OrgU" + UUID.randomUUID().toString().replace("-", "").substring(0, 7);
        Files.writeString(Path.of("target/dhis2-mapping.json"), """
                {"dataSet": "DataSetVax1",
                 "orgUnits": {"%s": "%s"},
                 "dataElements": [
                   {"metric": "STOCK_OUT_DAYS", "product": "PENTA", "dataElement": "DeStockOut1", "categoryOptionCombo": "CocDefault1"},
                   {"metric": "WASTED_VVM", "product": "PENTA", "dataElement": "DeWastedVvm", "categoryOptionCombo": "CocDefault1"},
                   {"metric": "FACILITIES_REPORTED_ON_TIME", "dataElement": "DeReportOn1", "categoryOptionCombo": "CocDefault1"}]}
                """.formatted(facility, orgUnit));
        String period = month.toString().replace("-", "");

        JsonPath preview = Api.admin().get("/api/v1/admin/dhis2/exports/{m}/preview", month.toString()).then().statusCode(200).extract().jsonPath();
        assertThat(preview.getString("period")).isEqualTo(period);
        assertThat(preview.getList("dataValues.value")).containsExactly("10", "5", "0");
        assertThat(received).isEmpty();

        received.clear();
        failuresToCome.set(2);
        JsonPath pushed = Api.admin().post("/api/v1/admin/dhis2/exports/{m}", month.toString()).then().statusCode(200).extract().jsonPath();
        assertThat(pushed.getString("status")).isEqualTo("SUCCESS");
        assertThat(pushed.getInt("attempts")).isEqualTo(3);
        assertThat(pushed.getInt("valueCount")).isEqualTo(3);
        assertThat(pushed.getString("response")).contains("ImportSummary");
        assertThat(received).hasSize(1);
        JsonNode sent = EventJson.tree(received.get(0));
        assertThat(sent.path("dataValues").get(0).path("orgUnit").asText()).isEqualTo(orgUnit);
        assertThat(sent.path("dataValues").get(0).path("period").asText()).isEqualTo(period);

        // Same figures again: nothing sent; forced: sent again, DHIS2 updates the same values.
        Api.admin().post("/api/v1/admin/dhis2/exports/{m}", month.toString()).then().statusCode(200).body("skipped", equalTo(true));
        assertThat(received).hasSize(1);
        Api.admin().post("/api/v1/admin/dhis2/exports/{m}?force=true", month.toString()).then().statusCode(200).body("status", equalTo("SUCCESS"));
        assertThat(received).hasSize(2);

        // DHIS2 down for longer than the retries: recorded as failed, with the reason.
        failuresToCome.set(10);
        Api.admin().post("/api/v1/admin/dhis2/exports/{m}?force=true", month.toString()).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("response", org.hamcrest.Matchers.containsString("503"));
        failuresToCome.set(0);
        Api.admin().get("/api/v1/admin/dhis2/exports?limit=3").then().statusCode(200).body("status", equalTo(List.of("FAILED", "SUCCESS", "SUCCESS")));
        Api.national().post("/api/v1/admin/dhis2/exports/{m}", month.toString()).then().statusCode(403);
    }

    /**
     * DHIS2's data value set import as far as the export relies on it: POST with importStrategy CREATE_AND_UPDATE, an
     * API token, and a JSON body whose period is yyyyMM and whose data values carry UIDs and a string value; a
     * violation gets the 409 import summary DHIS2 answers with conflicts. A transient failure is a 503.
     */
    private void dataValueSets(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, 503, "{\"httpStatus\":\"Service Unavailable\",\"httpStatusCode\":503,\"status\":\"ERROR\"}");
            return;
        }
        List<String> conflicts = new java.util.ArrayList<>();
        if (!"POST".equals(exchange.getRequestMethod()) || !String.valueOf(exchange.getRequestURI().getQuery()).contains("importStrategy=CREATE_AND_UPDATE")) {
            conflicts.add("expected POST with importStrategy=CREATE_AND_UPDATE");
        }
        if (!String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).startsWith("ApiToken d2pat_")) {
            respond(exchange, 401, "{\"httpStatus\":\"Unauthorized\",\"httpStatusCode\":401,\"status\":\"ERROR\"}");
            return;
        }
        JsonNode set = EventJson.tree(body);
        if (!set.path("period").asText().matches("\\d{6}")) {
            conflicts.add("period must be yyyyMM");
        }
        int count = 0;
        for (JsonNode value : set.path("dataValues")) {
            count++;
            for (String field : List.of("dataElement", "orgUnit", "categoryOptionCombo")) {
                if (!value.path(field).asText().matches("[A-Za-z][A-Za-z0-9]{10}")) {
                    conflicts.add(field + " is not a UID");
                }
            }
            if (!value.path("value").isTextual() || !value.path("period").asText().equals(set.path("period").asText())) {
                conflicts.add("value must be a string of the set's period");
            }
        }
        if (!conflicts.isEmpty()) {
            respond(exchange, 409, """
                    {"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR","message":"An error occurred, please check import summary.",
                     "response":{"responseType":"ImportSummary","status":"ERROR","importCount":{"imported":0,"updated":0,"ignored":%d,"deleted":0},
                     "conflicts":[%s]}}""".formatted(count, conflicts.stream().map(c -> "{\"value\":\"" + c + "\"}").reduce((a, b) -> a + "," + b).orElse("")));
            return;
        }
        received.add(body);
        respond(exchange, 200, """
                {"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"Import was successful.",
                 "response":{"responseType":"ImportSummary","status":"SUCCESS","description":"Import process completed successfully",
                 "importCount":{"imported":%d,"updated":0,"ignored":0,"deleted":0},"conflicts":[],"dataSetComplete":"false"}}""".formatted(count));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
