package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.CsvTable;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The dashboard tables a spreadsheet user downloads — KPIs, area stock, a facility's stock, its ledger and rejected
 * events — hold the JSON's figures cell for cell for the same query, under the same area rules, with hostile text kept
 * as inert text.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvDownloadTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Text a spreadsheet would run as a formula, with a quote, a comma and a line break to escape. */
    private static final String HOSTILE = "=cmd|' /C calc'!A0,\"x\"\r\nnext";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;
    private String facility;
    private String product;

    @BeforeAll
    void start() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void stop() {
        writer.close();
    }

    /** A facility of this test holding a product of this test alone: two receipts and a consumption (four ledger lines). */
    private void stockedFacility() {
        if (facility != null) {
            return;
        }
        String f = StockEvents.registerFacility(writer);
        product = StockEvents.registerProduct(writer);
        Instant at = Instant.now().minus(3, ChronoUnit.HOURS);
        send(StockEventType.RECEIPT, f, "LOT-A", 100, at);
        send(StockEventType.RECEIPT, f, "LOT-B", 40, at.plusSeconds(60));
        send(StockEventType.CONSUMPTION, f, "LOT-A", 30, at.plusSeconds(120));
        send(StockEventType.CONSUMPTION, f, "LOT-B", 5, at.plusSeconds(180));
        await().atMost(WAIT).until(() -> Api.national().get("/api/v1/facilities/{f}/ledger", f).then().extract()
                .jsonPath().getList("items").size() == 4);
        facility = f;
    }

    private void send(StockEventType type, String f, String lot, long quantity, Instant at) {
        writer.send(Topics.STOCK_EVENTS, f, StockEvents.record(UUID.randomUUID().toString(), type, f, product, lot, quantity, null, at));
    }

    @Test
    void shouldDownloadAFacilitysStockWithTheJsonsFiguresPerProduct() {
        stockedFacility();
        JsonNode json = EventJson.tree(Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().asString());
        CsvTable csv = CsvTable.parse(download(Api.national().queryParam("format", "csv"), "/api/v1/facilities/" + facility + "/stock",
                "stock-" + facility + ".csv"));

        assertThat(csv.header()).startsWith("facility", "tier", "product", "quantity", "amc", "months_of_stock", "status");
        assertThat(csv.rows()).hasSize(json.get("products").size());
        Map<String, String> row = csv.rows().get(0);
        JsonNode p = json.get("products").get(0);
        assertThat(row.get("facility")).isEqualTo(facility);
        assertThat(row.get("product")).isEqualTo(product);
        assertCells(row, p, Map.of("quantity", "quantity", "amc", "amc", "months_of_stock", "monthsOfStock", "status", "status",
                "stock_out_days", "stockOutDays", "min_months", "minMonths", "max_months", "maxMonths", "usable_quantity", "usableQuantity",
                "use_first", "useFirst", "days_of_stock", "daysOfStock"));
        assertThat(row.get("quantity")).isEqualTo("105");
        assertThat(row.get("lots")).isEqualTo("LOT-A:70:2027-12-31; LOT-B:35:2027-12-31");
        assertCell(row.get("administered"), p.at("/wastage/administered"));
    }

    @Test
    void shouldDownloadTheLedgerInPagesThatTogetherAreTheJsonHistory() {
        stockedFacility();
        JsonNode json = EventJson.tree(Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).extract().asString());
        ExtractableResponse<Response> first = Api.national().header("Accept", "text/csv").queryParam("limit", "3")
                .get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("filename=\"ledger-" + facility + ".csv\"")).extract();
        String cursor = first.header("X-Next-Cursor");
        assertThat(cursor).isNotBlank();
        String rest = Api.national().queryParam("format", "csv").queryParam("cursor", cursor).get("/api/v1/facilities/{f}/ledger", facility)
                .then().statusCode(200).header("X-Next-Cursor", (String) null).extract().asString();

        List<Map<String, String>> rows = new ArrayList<>(CsvTable.parse(first.asString()).rows());
        rows.addAll(CsvTable.parse(rest).rows());
        assertThat(CsvTable.parse(rest).header()).isEqualTo(List.of("facility", "event_id", "type", "product", "lot", "lot_expiry",
                "quantity", "delta", "balance_after", "occurred_at", "recorded_at", "source_system", "vvm_stage", "reason", "counterparty",
                "voided_by", "voids"));
        assertThat(rows).hasSize(json.get("items").size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get("facility")).isEqualTo(facility);
            assertCells(rows.get(i), json.get("items").get(i), Map.of("event_id", "eventId", "type", "type", "product", "productCode",
                    "lot", "lotCode", "lot_expiry", "lotExpiry", "quantity", "quantity", "delta", "delta", "balance_after", "balanceAfter",
                    "occurred_at", "occurredAt", "recorded_at", "recordedAt"));
        }
        Api.national().queryParam("format", "csv").queryParam("limit", "10001").get("/api/v1/facilities/{f}/ledger", facility).then()
                .statusCode(400).body("errors[0].field", equalTo("limit"));
        Api.national().queryParam("limit", "501").get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(400);
        Api.national().queryParam("format", "xlsx").get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }

    @Test
    void shouldDownloadAreaStockAndKpisWithTheJsonsFigures() {
        stockedFacility();
        JsonNode stock = EventJson.tree(Api.national().queryParam("product", product).get("/api/v1/areas/{a}/stock", StockEvents.LGA)
                .then().statusCode(200).extract().asString());
        CsvTable stockCsv = CsvTable.parse(download(Api.national().queryParam("product", product).queryParam("format", "csv"),
                "/api/v1/areas/" + StockEvents.LGA + "/stock", "area-stock-" + StockEvents.LGA + ".csv"));
        assertThat(stockCsv.header()).containsExactly("area", "area_name", "level", "tier", "product", "balance", "amc", "months_of_stock",
                "facilities", "stocked_out", "below_min", "within_range", "above_max", "unknown");
        assertThat(stockCsv.rows()).hasSize(1);
        Map<String, String> row = stockCsv.rows().get(0);
        assertCells(row, stock, Map.of("area", "area/code", "area_name", "area/name", "level", "level"));
        assertCells(row, stock.get("products").get(0), Map.of("product", "productCode", "balance", "balance", "amc", "amc",
                "months_of_stock", "monthsOfStock", "facilities", "facilities", "stocked_out", "byStatus/STOCKED_OUT",
                "below_min", "byStatus/BELOW_MIN", "within_range", "byStatus/WITHIN_RANGE", "above_max", "byStatus/ABOVE_MAX",
                "unknown", "byStatus/UNKNOWN"));
        assertThat(row.get("balance")).isEqualTo("105");

        JsonNode kpis = EventJson.tree(Api.national().queryParam("product", product).queryParam("area", StockEvents.LGA)
                .get("/api/v1/kpis").then().statusCode(200).extract().asString());
        CsvTable kpiCsv = CsvTable.parse(download(Api.national().queryParam("product", product).queryParam("area", StockEvents.LGA)
                .header("Accept", "text/csv"), "/api/v1/kpis", "kpis-" + StockEvents.LGA + ".csv"));
        assertThat(kpiCsv.header()).containsExactly("area", "area_name", "tier", "product", "facilities", "stocked_out", "within_min_max",
                "adequate", "stocked_out_share", "within_min_max_share", "adequate_share");
        assertThat(kpiCsv.rows()).hasSize(1);
        assertCells(kpiCsv.rows().get(0), kpis, Map.of("area", "area/code", "area_name", "area/name", "tier", "tier"));
        assertCells(kpiCsv.rows().get(0), kpis.get("products").get(0), Map.of("product", "productCode", "facilities", "facilities",
                "stocked_out", "stockedOut", "within_min_max", "withinMinMax", "adequate", "adequate", "stocked_out_share",
                "stockedOutShare", "within_min_max_share", "withinMinMaxShare", "adequate_share", "adequateShare"));
        assertThat(kpiCsv.rows().get(0).get("facilities")).isEqualTo("1");
    }

    @Test
    void shouldRefuseEveryDownloadOutsideTheCallersAreaAsTheJsonIs() {
        stockedFacility();
        for (String path : List.of("/api/v1/facilities/" + facility + "/stock", "/api/v1/facilities/" + facility + "/ledger",
                "/api/v1/areas/" + StockEvents.LGA + "/stock", "/api/v1/kpis?area=" + StockEvents.LGA,
                "/api/v1/rejected-events?facilityCode=" + facility)) {
            Api.as(Roles.STATE_OFFICER, "NG-LA").queryParam("format", "csv").get(path).then().statusCode(403).contentType("application/problem+json");
        }
        // Facility officers read their facility, never an aggregate.
        officer().get("/api/v1/kpis").then().statusCode(403);
        officer().get("/api/v1/areas/{a}/stock", StockEvents.LGA).then().statusCode(403);
        officer().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).contentType(startsWith("text/csv"));
        Api.as(Roles.STATE_OFFICER, "NG-KN").queryParam("format", "csv").get("/api/v1/facilities/{f}/ledger", facility).then()
                .statusCode(200);
    }

    /** The one free-text table: an event's type and payload come back as received, so they are where hostile text lands. */
    @Test
    void shouldDownloadRejectedEventsWithHostileTextEscapedAndNeutralised() {
        stockedFacility();
        String id = UUID.randomUUID().toString();
        // A receipt as a sender could spell it, its type replaced by the hostile text (no contract type is that).
        ObjectNode event = (ObjectNode) EventJson.tree(StockEvents.record(id, StockEventType.RECEIPT, facility, product, "LOT-A", 1, null));
        writer.send(Topics.STOCK_EVENTS, facility, EventJson.write(event.put("type", HOSTILE)));
        await().atMost(WAIT).until(() -> Api.national().queryParam("facilityCode", facility).get("/api/v1/rejected-events").then()
                .extract().jsonPath().getList("eventId").contains(id));

        JsonNode json = EventJson.tree(Api.national().queryParam("facilityCode", facility).get("/api/v1/rejected-events").then()
                .extract().asString());
        String body = download(Api.national().queryParam("facilityCode", facility).queryParam("format", "csv"), "/api/v1/rejected-events",
                "rejected-events-" + facility + ".csv");
        assertThat(body).contains("\"'=cmd|' /C calc'!A0,\"\"x\"\"\r\nnext\"");
        CsvTable csv = CsvTable.parse(body);
        assertThat(csv.header()).containsExactly("event_id", "event_type", "facility", "reason", "received_at", "payload");
        assertThat(csv.rows()).hasSize(json.size());
        Map<String, String> row = csv.rows().stream().filter(r -> r.get("event_id").equals(id)).findFirst().orElseThrow();
        assertThat(row.get("event_type")).isEqualTo("'" + HOSTILE);
        assertThat(row.get("facility")).isEqualTo(facility);
        assertThat(row.get("reason")).startsWith("unknown event type '=cmd|");
        assertThat(EventJson.tree(row.get("payload")).get("type").asText()).isEqualTo(HOSTILE);
        for (int i = 0; i < json.size(); i++) {
            assertCells(csv.rows().get(i), json.get(i), Map.of("event_id", "eventId", "facility", "facilityCode", "reason", "reason",
                    "received_at", "receivedAt", "payload", "payload"));
        }
    }

    /** An adjustment's note is free text an officer typed; the audit download keeps it inside the after column's JSON. */
    @Test
    void shouldDownloadTheAuditLogToAdministratorsWithAHostileNoteKeptAsText() {
        // A facility and a lot of its own (a lot code names one expiry per product), so other tests keep their figures.
        String own = StockEvents.registerFacility(writer);
        String lot = "CSV-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> adjustment = Map.of("productCode", "PENTA", "lotCode", lot, "lotExpiry", "2027-12-31", "quantity", 5,
                "reason", "FOUND", "note", HOSTILE);
        Api.admin().contentType("application/json").body(EventJson.write(adjustment)).post("/api/v1/facilities/{f}/adjustments", own)
                .then().statusCode(201);
        JsonNode json = EventJson.tree(Api.admin().queryParam("facility", own).get("/api/v1/audit").then().statusCode(200)
                .extract().asString());
        ExtractableResponse<Response> first = Api.admin().queryParam("facility", own).queryParam("format", "csv")
                .queryParam("limit", "1").get("/api/v1/audit").then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"audit-log.csv\"")).extract();
        assertThat(first.header("X-Next-Cursor")).isNull();
        CsvTable csv = CsvTable.parse(first.asString());
        assertThat(csv.header()).containsExactly("id", "at", "actor", "role", "actor_area", "action", "subject_type", "subject_id",
                "facility", "before", "after");
        assertThat(csv.rows()).hasSize(1);
        Map<String, String> row = csv.rows().get(0);
        assertCells(row, json.get("items").get(0), Map.of("id", "id", "at", "at", "actor", "actor", "role", "role", "action", "action",
                "subject_type", "subjectType", "subject_id", "subjectId", "facility", "facilityCode"));
        assertThat(EventJson.tree(row.get("before"))).isEqualTo(json.at("/items/0/before"));
        assertThat(EventJson.tree(row.get("after"))).isEqualTo(json.at("/items/0/after"));
        assertThat(EventJson.tree(row.get("after")).findValuesAsText("note")).contains(HOSTILE);

        Api.national().queryParam("format", "csv").get("/api/v1/audit").then().statusCode(403).contentType("application/problem+json");
    }

    /** The map's facility search, a table of places; a facility's name is free text from the reference data. */
    @Test
    void shouldDownloadAFacilitySearchWithTheJsonsPlacesAndAHostileNameNeutralised() {
        String hostile = StockEvents.facility(StockEvents.LGA);
        writer.send(Topics.REFERENCE_DATA, hostile, EventJson.write(CloudEvent.of(UUID.randomUUID().toString(), "/tests",
                EventTypes.REFERENCE_FACILITY, hostile, Instant.now(), new FacilityReference(
                        hostile, HOSTILE, FacilityTier.HEALTH_FACILITY, "NG-NW", "NG-KN", StockEvents.LGA, 11.87654,
                        8.51234, true))));
        await().atMost(WAIT).until(() -> Api.national().get("/api/v1/facilities/{f}", hostile).statusCode() == 200);
        String near = "11.87654,8.51234";
        JsonNode json = EventJson.tree(Api.national().queryParam("near", near).queryParam("radiusKm", "0.01").get("/api/v1/facilities")
                .then().statusCode(200).extract().asString());
        CsvTable csv = CsvTable.parse(download(Api.national().queryParam("near", near).queryParam("radiusKm", "0.01")
                .queryParam("format", "csv"), "/api/v1/facilities", "facilities-NG.csv"));
        assertThat(csv.header()).containsExactly("facility", "name", "tier", "zone", "state", "lga", "latitude", "longitude", "distance_km");
        assertThat(csv.rows()).hasSize(json.get("facilities").size()).isNotEmpty();
        for (int i = 0; i < csv.rows().size(); i++) {
            assertCells(csv.rows().get(i), json.get("facilities").get(i), Map.of("facility", "code", "tier", "tier", "zone", "zoneCode",
                    "state", "stateCode", "lga", "lgaCode", "latitude", "latitude", "longitude", "longitude", "distance_km", "distanceKm"));
        }
        Map<String, String> row = csv.rows().stream().filter(r -> r.get("facility").equals(hostile)).findFirst().orElseThrow();
        assertThat(row.get("name")).isEqualTo("'" + HOSTILE);
        Api.as(Roles.STATE_OFFICER, "NG-LA").queryParam("near", near).queryParam("area", "NG-KN").queryParam("format", "csv")
                .get("/api/v1/facilities").then().statusCode(403);
    }

    private RequestSpecification officer() {
        return Api.as(Roles.FACILITY_OFFICER, facility).queryParam("format", "csv");
    }

    private static String download(RequestSpecification request, String path, String filename) {
        return request.get(path).then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"" + filename + "\"")).extract().asString();
    }

    /** Each CSV column equals the JSON field at its path ({@code a/b}): numbers by value, absent or null as an empty cell. */
    private static void assertCells(Map<String, String> row, JsonNode object, Map<String, String> columns) {
        columns.forEach((column, path) -> assertCell(row.get(column), object.at("/" + path)));
    }

    private static void assertCell(String cell, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            assertThat(cell).isEmpty();
        } else if (value.isNumber()) {
            assertThat(new BigDecimal(cell)).isEqualByComparingTo(value.decimalValue());
        } else {
            assertThat(cell).isEqualTo(value.asText());
        }
    }
}
