package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** The dashboard API over real data: late events, metrics, aggregates, map, KPIs, history, caching and bad filters. */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter writer;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    /** Sends the events of one facility in order and waits until the last one's level change is out. */
    private void apply(String facility, String... records) {
        String lastId = EventJson.tree(records[records.length - 1]).path("id").asText();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            for (String record : records) {
                writer.send(Topics.STOCK_EVENTS, facility, record);
            }
            levels.await(r -> r.value().contains("\"causeEventId\":\"" + lastId + "\""), WAIT);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static Instant hoursAgo(int hours) {
        return Instant.now().minus(hours, ChronoUnit.HOURS);
    }

    private static Instant dayOfMonthsAgo(int months, int day) {
        return YearMonth.now(ZoneOffset.UTC).minusMonths(months).atDay(day).atTime(10, 0).toInstant(ZoneOffset.UTC);
    }

    private static JsonPath stock(String facility) {
        return Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldRecomputeTheBalancesAfterALateEvent() {
        String facility = StockEvents.registerFacility(writer);
        String late = id();
        apply(facility,
                StockEvents.record(id(), StockEventType.RECEIPT, facility, "LOT-A", 100, hoursAgo(5)),
                StockEvents.record(id(), StockEventType.PHYSICAL_COUNT, facility, "LOT-A", 80, hoursAgo(2)),
                StockEvents.record(id(), StockEventType.CONSUMPTION, facility, "LOT-A", 10, hoursAgo(1)));
        assertThat(stock(facility).getLong("products[0].quantity")).isEqualTo(70);

        // An issue that happened before the count: the count still sets 80, so the balance stays 70, but the count's
        // delta is now +10 instead of -20.
        apply(facility, StockEvents.record(late, StockEventType.ISSUE, facility, "LOT-A", 30, hoursAgo(3)));
        assertThat(stock(facility).getLong("products[0].quantity")).isEqualTo(70);
        JsonPath ledger = Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("items.type")).containsExactly("consumption", "physical-count", "issue", "receipt");
        assertThat(ledger.getList("items.balanceAfter", Long.class)).containsExactly(70L, 80L, 70L, 100L);
        assertThat(ledger.getLong("items[1].delta")).isEqualTo(10);
    }

    @Test
    void shouldApplyALateReceiptToEveryLaterBalance() {
        String facility = StockEvents.registerFacility(writer);
        apply(facility,
                StockEvents.record(id(), StockEventType.RECEIPT, facility, "LOT-A", 100, hoursAgo(3)),
                StockEvents.record(id(), StockEventType.CONSUMPTION, facility, "LOT-A", 30, hoursAgo(1)),
                StockEvents.record(id(), StockEventType.RECEIPT, facility, "LOT-A", 50, hoursAgo(2)));
        assertThat(stock(facility).getLong("products[0].quantity")).isEqualTo(120);
        JsonPath ledger = Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().extract().jsonPath();
        assertThat(ledger.getList("items.balanceAfter", Long.class)).containsExactly(120L, 150L, 100L);
    }

    @Test
    void shouldRejectALateEventThatWouldMakeALaterBalanceNegative() {
        String facility = StockEvents.registerFacility(writer);
        String late = id();
        apply(facility,
                StockEvents.record(id(), StockEventType.RECEIPT, facility, "LOT-A", 50, hoursAgo(3)),
                StockEvents.record(id(), StockEventType.CONSUMPTION, facility, "LOT-A", 50, hoursAgo(1)));
        writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(late, StockEventType.ISSUE, facility, "LOT-A", 10, hoursAgo(2)));
        await().atMost(WAIT).untilAsserted(() -> Api.national().queryParam("facilityCode", facility).get("/api/v1/rejected-events")
                .then().body("[0].eventId", equalTo(late)).body("[0].reason", org.hamcrest.Matchers.containsString("would make stock negative")));
        assertThat(stock(facility).getLong("products[0].quantity")).isZero();
        assertThat(Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().extract().jsonPath().getList("items.balanceAfter", Long.class))
                .containsExactly(0L, 50L);
    }

    @Test
    void shouldComputeAmcMonthsOfStockAndStatusFromHistory() {
        String facility = StockEvents.registerFacility(writer);
        // Three complete months of 300 doses each, no stock-out: AMC 300; 100 left → 0.33 months: within 0.25–1.25.
        apply(facility,
                StockEvents.record(id(), StockEventType.RECEIPT, facility, "LOT-A", 1000, dayOfMonthsAgo(3, 2)),
                StockEvents.record(id(), StockEventType.CONSUMPTION, facility, "LOT-A", 300, dayOfMonthsAgo(3, 15)),
                StockEvents.record(id(), StockEventType.CONSUMPTION, facility, "LOT-A", 300, dayOfMonthsAgo(2, 15)),
                StockEvents.record(id(), StockEventType.CONSUMPTION, facility, "LOT-A", 300, dayOfMonthsAgo(1, 15)));
        JsonPath stock = stock(facility);
        assertThat(stock.getLong("products[0].amc")).isEqualTo(300);
        assertThat(stock.getDouble("products[0].monthsOfStock")).isEqualTo(0.33);
        assertThat(stock.getString("products[0].status")).isEqualTo("WITHIN_RANGE");
        assertThat(stock.getInt("products[0].stockOutDays")).isZero();
        assertThat(stock.getDouble("products[0].minMonths")).isEqualTo(0.25);
        assertThat(stock.getString("tier")).isEqualTo("HEALTH_FACILITY");
        assertThat(stock.getLong("daysSinceLastReport")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldAggregateAnAreaPerProductAndInvalidateTheCachedAggregate() {
        String product = StockEvents.registerProduct(writer); // a product of its own: aggregates count only this test's facilities
        String first = StockEvents.registerFacility(writer);
        String second = StockEvents.registerFacility(writer);
        apply(first, StockEvents.record(id(), StockEventType.RECEIPT, first, product, "LOT-X", 400, null));
        for (String area : List.of(StockEvents.LGA, "NG-KN", "NG-NW", "NG")) {
            Api.national().queryParam("product", product).get("/api/v1/areas/{a}/stock", area).then().statusCode(200)
                    .body("products", hasSize(1)).body("products[0].balance", equalTo(400)).body("products[0].facilities", equalTo(1));
        }
        String etag = Api.national().queryParam("product", product).get("/api/v1/areas/{a}/stock", "NG-KN").then().extract().header("ETag");
        Api.national().queryParam("product", product).header("If-None-Match", etag).get("/api/v1/areas/{a}/stock", "NG-KN").then().statusCode(304);

        // A change at one facility makes every area above it fresh again (no scan, no stale read).
        apply(second,
                StockEvents.record(id(), StockEventType.RECEIPT, second, product, "LOT-X", 100, null),
                StockEvents.record(id(), StockEventType.ISSUE, second, product, "LOT-X", 100, null));
        Api.national().queryParam("product", product).header("If-None-Match", etag).get("/api/v1/areas/{a}/stock", "NG-KN").then().statusCode(200)
                .body("products[0].balance", equalTo(400)).body("products[0].facilities", equalTo(2))
                .body("products[0].byStatus.STOCKED_OUT", equalTo(1)).body("products[0].byStatus.UNKNOWN", equalTo(1));

        Api.national().queryParam("product", product).queryParam("area", StockEvents.LGA).get("/api/v1/kpis").then().statusCode(200)
                .body("products[0].facilities", equalTo(2)).body("products[0].stockedOut", equalTo(1))
                .body("products[0].stockedOutShare", equalTo(0.5f));

        JsonPath map = Api.national().queryParam("product", product).queryParam("area", StockEvents.LGA).get("/api/v1/map/facilities")
                .then().statusCode(200).body("type", equalTo("FeatureCollection")).extract().jsonPath();
        assertThat(map.getString("features.find { it.id == '" + second + "' }.properties.status")).isEqualTo("STOCKED_OUT");
        assertThat(map.getList("features.find { it.id == '" + first + "' }.geometry.coordinates", Double.class)).containsExactly(8.5, 11.9);

        // Kept gzip-compressed in the cache: sent as is to gzip clients, inflated for the others, same weak ETag.
        var plain = Api.national().config(io.restassured.RestAssured.config()
                        .decoderConfig(io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "identity").queryParam("product", product).queryParam("area", StockEvents.LGA)
                .get("/api/v1/map/facilities").then().statusCode(200).contentType("application/geo+json").extract();
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(EventJson.tree(plain.asString()).path("features").size()).isEqualTo(map.getList("features").size());
        Api.national().header("If-None-Match", plain.header("ETag")).queryParam("product", product).queryParam("area", StockEvents.LGA)
                .get("/api/v1/map/facilities").then().statusCode(304);
    }

    @Test
    void shouldListEveryFacilitysCurrentLevelsOfAnAreaCompactly() {
        String product = StockEvents.registerProduct(writer);
        String other = StockEvents.registerProduct(writer);
        String first = StockEvents.registerFacility(writer);
        String second = StockEvents.registerFacility(writer);
        apply(first, StockEvents.record(id(), StockEventType.RECEIPT, first, product, "LOT-X", 400, null),
                StockEvents.record(id(), StockEventType.RECEIPT, first, other, "LOT-Y", 30, null));
        apply(second, StockEvents.record(id(), StockEventType.RECEIPT, second, product, "LOT-X", 100, null),
                StockEvents.record(id(), StockEventType.ISSUE, second, product, "LOT-X", 100, null));

        for (String area : List.of(StockEvents.LGA, "NG")) {
            JsonNode levels = EventJson.tree(Api.national().get("/api/v1/areas/{a}/levels", area).then().statusCode(200)
                    .contentType("application/json").extract().asString());
            assertThat(levels.path("area").asText()).isEqualTo(area);
            assertThat(levels.path("columns").toString()).isEqualTo("[\"product\",\"status\",\"quantity\"]");
            List<String> codes = new ArrayList<>();
            levels.path("facilities").forEach(f -> codes.add(f.path("code").asText()));
            assertThat(codes).as("in code order").isSorted().contains(first, second);
            JsonNode mine = facility(levels, first);
            assertThat(mine.path("lga").asText()).isEqualTo(StockEvents.LGA);
            assertThat(mine.path("state").asText()).isEqualTo("NG-KN");
            assertThat(mine.path("zone").asText()).isEqualTo("NG-NW");
            List<String> rows = new ArrayList<>();
            mine.path("levels").forEach(row -> rows.add(row.toString()));
            assertThat(rows).containsExactlyElementsOf(java.util.stream.Stream.of(
                    "[\"" + product + "\",\"" + status(first, product) + "\",400]", "[\"" + other + "\",\"" + status(first, other) + "\",30]")
                    .sorted().toList());
            assertThat(facility(levels, second).path("levels").toString()).isEqualTo("[[\"" + product + "\",\"STOCKED_OUT\",0]]");
        }
        Api.national().get("/api/v1/areas/{a}/levels", "NG-ZZ").then().statusCode(404).contentType("application/problem+json");
    }

    private static JsonNode facility(JsonNode levels, String code) {
        for (JsonNode f : levels.path("facilities")) {
            if (code.equals(f.path("code").asText())) {
                return f;
            }
        }
        throw new AssertionError(code + " is not listed");
    }

    private static String status(String facility, String product) {
        return Api.national().get("/api/v1/facilities/{f}/stock", facility).then().extract().jsonPath()
                .getString("products.find { it.productCode == '" + product + "' }.status");
    }

    @Test
    void shouldPageTheLedgerWithACursor() {
        String facility = StockEvents.registerFacility(writer);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(StockEvents.record(id(), StockEventType.RECEIPT, facility, "LOT-A", 10 + i, hoursAgo(10 - i)));
        }
        apply(facility, records.toArray(String[]::new));
        List<Long> quantities = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = Api.national().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).extract().jsonPath();
            quantities.addAll(page.getList("items.quantity", Long.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(quantities).containsExactly(14L, 13L, 12L, 11L, 10L);
    }

    @Test
    void shouldServeTheLocationTreeOfNigeria() {
        JsonPath tree = Api.national().get("/api/v1/locations").then().statusCode(200).extract().jsonPath();
        assertThat(tree.getString("code")).isEqualTo("NG");
        assertThat(tree.getList("children")).hasSize(6);
        assertThat(tree.getList("children.find { it.code == 'NG-NW' }.children.find { it.code == 'NG-KN' }.children")).hasSize(44);
        assertThat(tree.getLong("facilities")).isGreaterThanOrEqualTo(818);
    }

    @Test
    void shouldAnswerBadFiltersWithProblemsNamingTheField() {
        Api.national().queryParam("tier", "MOON").get("/api/v1/map/facilities").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("tier"));
        Api.national().queryParam("product", "NOPE").get("/api/v1/kpis").then().statusCode(400).body("errors[0].field", equalTo("product"));
        Api.national().queryParam("area", "NG-ZZ").get("/api/v1/kpis").then().statusCode(400).body("errors[0].field", equalTo("area"));
        Api.national().queryParam("area", "lagos").get("/api/v1/map/facilities").then().statusCode(400).body("errors[0].field", equalTo("area"));
        Api.national().get("/api/v1/areas/{a}/stock", "NG-ZZ").then().statusCode(404).contentType("application/problem+json");
        Api.national().queryParam("cursor", "garbage").get("/api/v1/facilities/{f}/ledger", "NG-NSCS").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }
}
