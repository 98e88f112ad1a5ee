package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** Stock over time per facility and per area, read back from what the ledger recorded; refused outside the caller's area. */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrendApiTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @jakarta.inject.Inject
    ng.vaxtrace.stock.trend.AreaDayRollup areaRollup;
    private static final LocalDate TODAY = LocalDate.now(StockMetrics.BUSINESS_ZONE);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String product;
    private String first;
    private String second;

    /** Once per class, but in a @BeforeEach: RestAssured knows the test port only there. */
    @BeforeEach
    void recordHistory() {
        if (product != null) {
            return;
        }
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            product = StockEvents.registerProduct(writer);
            first = StockEvents.registerFacility(writer);
            second = StockEvents.registerFacility(writer);
            apply(writer, first, StockEvents.record(id(), StockEventType.RECEIPT, first, product, "LOT-A", 1000, null, noonDaysAgo(5)),
                    StockEvents.record(id(), StockEventType.CONSUMPTION, first, product, "LOT-A", 100, null, noonDaysAgo(3)));
            apply(writer, second, StockEvents.record(id(), StockEventType.RECEIPT, second, product, "LOT-B", 500, null, noonDaysAgo(4)));
        }
    }

    @Test
    void shouldShowAFacilitysStockConsumptionAndMonthsOfStockDayByDay() {
        JsonPath trend = Api.national().queryParam("product", product).queryParam("from", TODAY.minusDays(6).toString())
                .get("/api/v1/facilities/{f}/trends", first).then().statusCode(200).extract().jsonPath();

        assertThat(trend.getString("facilityCode")).isEqualTo(first);
        assertThat(trend.getString("to")).isEqualTo(TODAY.toString());
        assertThat(trend.getList("days.day", String.class)).hasSize(7).first().isEqualTo(TODAY.minusDays(6).toString());
        assertThat(trend.getList("days.stockOnHand", Long.class)).containsExactly(0L, 1000L, 1000L, 900L, 900L, 900L, 900L);
        assertThat(trend.getList("days.consumed", Long.class)).containsExactly(0L, 0L, 0L, 100L, 0L, 0L, 0L);
        // 900 doses ÷ (100 doses in 90 days ÷ 90 × 30.4375 a month) = 26.61 months.
        assertThat(trend.getFloat("days[3].monthsOfStock")).isEqualTo(26.61f);
        assertThat(trend.getList("days.monthsOfStock").subList(0, 3)).containsOnlyNulls();
    }

    @Test
    void shouldSumAnAreasFacilitiesForTheLgaItsStateAndTheNation() {
        for (String area : List.of(StockEvents.LGA, "NG-KN", "NG")) {
            JsonPath trend = Api.national().queryParam("product", product).queryParam("from", TODAY.minusDays(6).toString())
                    .get("/api/v1/areas/{a}/trends", area).then().statusCode(200).extract().jsonPath();
            assertThat(trend.getString("area")).isEqualTo(area);
            assertThat(trend.getList("days.stockOnHand", Long.class)).as(area).containsExactly(0L, 1000L, 1500L, 1400L, 1400L, 1400L, 1400L);
            assertThat(trend.getList("days.consumed", Long.class)).as(area).containsExactly(0L, 0L, 0L, 100L, 0L, 0L, 0L);
        }
    }

    @Test
    void shouldDownloadATrendAsCsvOneRowPerDay() {
        String facility = Api.national().queryParam("product", product).queryParam("from", TODAY.minusDays(6).toString())
                .queryParam("format", "csv").get("/api/v1/facilities/{f}/trends", first).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/csv")).extract().asString();
        List<String> rows = facility.lines().toList();
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0)).isEqualTo("facility,area,product,day,stock_on_hand,consumed,months_of_stock");
        assertThat(rows.get(4)).isEqualTo(first + ",," + product + "," + TODAY.minusDays(3) + ",900,100,26.61");
        assertThat(rows.get(1)).isEqualTo(first + ",," + product + "," + TODAY.minusDays(6) + ",0,0,");

        String area = Api.national().accept("text/csv").queryParam("product", product).queryParam("from", TODAY.minusDays(6).toString())
                .get("/api/v1/areas/{a}/trends", StockEvents.LGA).then().statusCode(200).extract().asString();
        assertThat(area.lines().skip(1).map(l -> l.split(",")[4]).toList())
                .containsExactly("0", "1000", "1500", "1400", "1400", "1400", "1400");
        Api.national().queryParam("product", product).queryParam("format", "xml").get("/api/v1/areas/{a}/trends", StockEvents.LGA)
                .then().statusCode(400).contentType("application/problem+json");
    }

    /**
     * The area rollup ({@code stock_day_area}, recomputed after the ledger's transactions) adds up: facilities in two Kano LGAs
     * and in Lagos, with receipts, consumption, an issue and a late event that lands before earlier-applied ones — every
     * area's trend, day by day, is the sum of its facilities' trends.
     */
    @Test
    void shouldGiveEveryAreaTheSumOfItsFacilitiesTrends() {
        String p;
        Map<String, List<String>> facilitiesOf = new LinkedHashMap<>();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            p = StockEvents.registerProduct(writer);
            String kano17 = StockEvents.registerFacility(writer);
            String kano18 = StockEvents.registerFacility(writer, "NG-NW", "NG-KN", "NG-KN-018");
            String lagos = StockEvents.registerFacility(writer, "NG-SW", "NG-LA", "NG-LA-001");
            apply(writer, kano17, StockEvents.record(id(), StockEventType.RECEIPT, kano17, p, "LOT-A", 800, null, noonDaysAgo(6)),
                    StockEvents.record(id(), StockEventType.CONSUMPTION, kano17, p, "LOT-A", 120, null, noonDaysAgo(2)),
                    // late: applied after the consumption two days ago, it happened before it
                    StockEvents.record(id(), StockEventType.CONSUMPTION, kano17, p, "LOT-A", 30, null, noonDaysAgo(4)));
            apply(writer, kano18, StockEvents.record(id(), StockEventType.RECEIPT, kano18, p, "LOT-B", 300, null, noonDaysAgo(5)),
                    StockEvents.record(id(), StockEventType.ISSUE, kano18, p, "LOT-B", 50, null, noonDaysAgo(1)));
            apply(writer, lagos, StockEvents.record(id(), StockEventType.RECEIPT, lagos, p, "LOT-C", 1000, null, noonDaysAgo(3)),
                    StockEvents.record(id(), StockEventType.CONSUMPTION, lagos, p, "LOT-C", 200, null, noonDaysAgo(3)),
                    StockEvents.record(id(), StockEventType.CONSUMPTION, lagos, p, "LOT-C", 75, null, noonDaysAgo(1)));
            facilitiesOf.put("NG-KN-017", List.of(kano17));
            facilitiesOf.put("NG-KN-018", List.of(kano18));
            facilitiesOf.put("NG-KN", List.of(kano17, kano18));
            facilitiesOf.put("NG-NW", List.of(kano17, kano18));
            facilitiesOf.put("NG-LA", List.of(lagos));
            facilitiesOf.put("NG-SW", List.of(lagos));
            facilitiesOf.put("NG", List.of(kano17, kano18, lagos));
        }
        String from = TODAY.minusDays(7).toString();
        // Area rows follow the ledger by the rollup's interval: run it now, until it has taken the days of every batch.
        await().atMost(WAIT).untilAsserted(() -> {
            areaRollup.run().await().atMost(WAIT);
            assertThat(Api.national().queryParam("product", p).queryParam("from", from).get("/api/v1/areas/NG/trends").then()
                    .statusCode(200).extract().jsonPath().getList("days.stockOnHand", Long.class)).last().isEqualTo(1625L);
        });
        facilitiesOf.forEach((area, facilities) -> {
            long[] stock = new long[8];
            long[] consumed = new long[8];
            for (String facility : facilities) {
                JsonPath trend = Api.national().queryParam("product", p).queryParam("from", from)
                        .get("/api/v1/facilities/{f}/trends", facility).then().statusCode(200).extract().jsonPath();
                add(stock, trend.getList("days.stockOnHand", Long.class));
                add(consumed, trend.getList("days.consumed", Long.class));
            }
            JsonPath trend = Api.national().queryParam("product", p).queryParam("from", from)
                    .get("/api/v1/areas/{a}/trends", area).then().statusCode(200).extract().jsonPath();
            assertThat(trend.getList("days.stockOnHand", Long.class)).as(area).containsExactly(boxed(stock));
            assertThat(trend.getList("days.consumed", Long.class)).as(area).containsExactly(boxed(consumed));
        });
        // Not vacuous: the nation ends with 800 − 150 + 300 − 50 + 1000 − 275 doses, having used 150 + 50 + 275.
        JsonPath nation = Api.national().queryParam("product", p).queryParam("from", from).get("/api/v1/areas/NG/trends").then()
                .extract().jsonPath();
        assertThat(nation.getList("days.stockOnHand", Long.class)).last().isEqualTo(1625L);
        assertThat(nation.getList("days.consumed", Long.class).stream().mapToLong(Long::longValue).sum()).isEqualTo(475L);
    }

    private static void add(long[] sum, List<Long> values) {
        assertThat(values).hasSize(sum.length);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values.get(i);
        }
    }

    private static Long[] boxed(long[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
    }

    @Test
    void shouldRefuseOtherAreasAndNameTheBadParameter() {
        Api.as(Roles.STATE_OFFICER, "NG-LA").queryParam("product", product).get("/api/v1/facilities/{f}/trends", first).then().statusCode(403);
        Api.as(Roles.STATE_OFFICER, "NG-LA").queryParam("product", product).get("/api/v1/areas/NG-KN/trends").then().statusCode(403);
        Api.as(Roles.STATE_OFFICER, "NG-KN").queryParam("product", product).get("/api/v1/areas/NG-KN-017/trends").then().statusCode(200);
        for (String[] bad : List.of(new String[] { "product", "" }, new String[] { "product", "NOPE-" + product },
                new String[] { "from", "yesterday" }, new String[] { "to", TODAY.plusDays(1).toString() },
                new String[] { "from", TODAY.minusDays(400).toString() })) {
            var request = Api.national();
            if (!bad[0].equals("product")) {
                request = request.queryParam("product", product);
            }
            String body = request.queryParam(bad[0], bad[1]).get("/api/v1/facilities/{f}/trends", first).then().statusCode(400)
                    .contentType("application/problem+json").extract().asString();
            assertThat(body).as(bad[0] + "=" + bad[1]).contains("\"" + bad[0] + "\"");
        }
        Api.national().queryParam("product", product).get("/api/v1/areas/NG-XX/trends").then().statusCode(404);
    }

    private void apply(TopicWriter writer, String facility, String... records) {
        String lastId = EventJson.tree(records[records.length - 1]).path("id").asText();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            for (String record : records) {
                writer.send(Topics.STOCK_EVENTS, facility, record);
            }
            levels.await(r -> r.value().contains("\"causeEventId\":\"" + lastId + "\""), WAIT);
        }
    }

    /** Noon in Lagos a few days ago: well inside its business day. */
    private static Instant noonDaysAgo(int days) {
        return TODAY.minusDays(days).atTime(LocalTime.NOON).atZone(StockMetrics.BUSINESS_ZONE).toInstant();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
