package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The reference cases of docs/domain-rules.md §4 through Kafka and the API: the same figures as the formulas
 * (metrics/StockMetricsTest), from the events a facility reports.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsApiTest {

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

    /** 10:00 Lagos on {@code day} of the month {@code back} months before this (Lagos) month. */
    private static Instant monthsAgo(int back, int day) {
        YearMonth month = YearMonth.now(StockMetrics.BUSINESS_ZONE).minusMonths(back);
        return month.atDay(day).atTime(LocalTime.of(10, 0)).atZone(StockMetrics.BUSINESS_ZONE).toInstant();
    }

    /** Sends the events in order and waits until the last one's level change is out. */
    private void report(String facility, Object[]... events) {
        String last = null;
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            for (Object[] e : events) {
                last = UUID.randomUUID().toString();
                writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(last, (StockEventType) e[0], facility, "LOT-A", (long) e[1],
                        (Instant) e[2]));
            }
            String marker = last;
            levels.await(r -> r.value().contains(marker), Duration.ofSeconds(15));
        }
    }

    @Test
    void shouldGiveAFacilityThatOnlyCountsAnAmcFromWhatItsCountsFoundMissing() {
        // M7: received 1,000, counted 700, 450, 100 on the 20th of the last three months → 300, 250, 350 consumed.
        String facility = StockEvents.registerFacility(writer);
        report(facility,
                new Object[] { StockEventType.RECEIPT, 1000L, monthsAgo(3, 2) },
                new Object[] { StockEventType.PHYSICAL_COUNT, 700L, monthsAgo(3, 20) },
                new Object[] { StockEventType.PHYSICAL_COUNT, 450L, monthsAgo(2, 20) },
                new Object[] { StockEventType.PHYSICAL_COUNT, 100L, monthsAgo(1, 20) });
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].quantity", equalTo(100))
                .body("products[0].amc", equalTo(300))
                .body("products[0].monthsOfStock", equalTo(0.33f))
                .body("products[0].status", equalTo("WITHIN_RANGE"));
    }

    @Test
    void shouldDecideTheStatusOnTheExactMonthsOfStockNotTheRoundedOnesShown() {
        // M5: 400 doses consumed in each of the last three months → AMC 400; 99 left = 0.2475 months, shown 0.25, below 0.25.
        String facility = StockEvents.registerFacility(writer);
        report(facility,
                new Object[] { StockEventType.RECEIPT, 5000L, monthsAgo(3, 1) },
                new Object[] { StockEventType.CONSUMPTION, 400L, monthsAgo(3, 10) },
                new Object[] { StockEventType.CONSUMPTION, 400L, monthsAgo(2, 10) },
                new Object[] { StockEventType.CONSUMPTION, 400L, monthsAgo(1, 10) },
                new Object[] { StockEventType.CONSUMPTION, 3701L, Instant.now().minusSeconds(60) });
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].quantity", equalTo(99))
                .body("products[0].amc", equalTo(400))
                .body("products[0].monthsOfStock", equalTo(0.25f))
                .body("products[0].status", equalTo("BELOW_MIN"));
    }

    @Test
    void shouldShowUsableStockTheLotToUseFirstWastageAndThePredictedStockOutBesideStockOnHand() {
        // docs/domain-rules.md §5, case R1. Measles (10 doses a vial, paired with MEASLES-DIL), AMC 400.
        String facility = StockEvents.registerFacility(writer, 1200);
        LocalDate today = LocalDate.now(StockMetrics.BUSINESS_ZONE);
        Lot late = new Lot("MS-LATE", today.plusDays(200)), early = new Lot("MS-EARLY", today.plusDays(10)),
                old = new Lot("MS-OLD", today.minusDays(1)), diluent = new Lot("MD-1", today.plusDays(300));
        Instant recent = Instant.now().minusSeconds(3600);
        String lastMeasles = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            send(facility, "MEASLES", late, StockEventType.RECEIPT, 1700, null, monthsAgo(3, 1), UUID.randomUUID().toString());
            for (int back = 3; back >= 1; back--) {
                send(facility, "MEASLES", late, StockEventType.CONSUMPTION, 400, null, monthsAgo(back, 10), UUID.randomUUID().toString());
            }
            send(facility, "MEASLES", late, StockEventType.ADJUSTMENT, -20, "OPEN_VIAL_WASTAGE", recent.minusSeconds(700), UUID.randomUUID().toString());
            send(facility, "MEASLES", late, StockEventType.DISCARD, 10, "BREAKAGE", recent.minusSeconds(600), UUID.randomUUID().toString());
            // received last month, before it expired yesterday (a receipt of an expired lot is refused)
            send(facility, "MEASLES", old, StockEventType.RECEIPT, 100, null, monthsAgo(1, 12), UUID.randomUUID().toString());
            send(facility, "MEASLES", early, StockEventType.RECEIPT, 300, null, recent, lastMeasles);
            send(facility, "MEASLES-DIL", diluent, StockEventType.RECEIPT, 600, null, recent, UUID.randomUUID().toString());
            // Published with the level change: the lot expiring in 10 days is used first, what of it is left at its end
            // (about 160 doses) expires unused, then MS-LATE's 470 doses last 470 ÷ (400 ÷ 30.4375) = 35.8 days from the
            // end of that day: the stock runs out 46 days from today. The expired lot counts for nothing.
            String change = levels.await(r -> r.value().contains(lastMeasles), Duration.ofSeconds(15)).value();
            assertThat(change).contains("\"predictedStockOutDate\":\"" + today.plusDays(46) + "\"");
            assertThat(ContractSchemas.violations(change)).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.national().get("/api/v1/facilities/{f}/stock", facility).then()
                .statusCode(200).body("products.productCode", hasItems("MEASLES", "MEASLES-DIL")));
        var measles = "products.find { it.productCode == 'MEASLES' }.";
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body(measles + "quantity", equalTo(870))
                .body(measles + "dosesPerVial", equalTo(10))
                .body(measles + "vials", equalTo(87.0f))
                .body(measles + "amc", equalTo(400))
                .body(measles + "expiredQuantity", equalTo(100))
                // 770 doses not expired, but only 600 doses of diluent to reconstitute them with.
                .body(measles + "usableQuantity", equalTo(600))
                .body(measles + "diluentCode", equalTo("MEASLES-DIL"))
                .body(measles + "diluentUsableQuantity", equalTo(600))
                .body(measles + "useFirst", equalTo("MS-EARLY"))
                .body(measles + "lots.lotCode", contains("MS-OLD", "MS-EARLY", "MS-LATE"))
                .body(measles + "lots[0].expired", equalTo(true))
                .body(measles + "predictedStockOutDate", equalTo(today.plusDays(46).toString()))
                .body(measles + "dosesExpiringUnused", allOf(greaterThan(155), lessThan(170)))
                // Wastage over the 3 complete months and this one: (20 + 10) ÷ (1,200 + 30) = 2.4 %; from opened vials
                // 20 ÷ (1,200 + 20) = 1.6 %.
                .body(measles + "wastage.administered", equalTo(1200))
                .body(measles + "wastage.discarded", equalTo(30))
                .body(measles + "wastage.openVialDiscarded", equalTo(20))
                .body(measles + "wastage.ratePercent", equalTo(2.4f))
                .body(measles + "wastage.openVialRatePercent", equalTo(1.6f))
                // T2: 1,200 surviving infants × 2 measles doses × wastage factor 2 ÷ 12 = 400 a month; max 1.25 months = 500.
                .body("targetPopulation", equalTo(1200))
                .body(measles + "scheduleNeed.monthlyNeed", equalTo(400))
                .body(measles + "scheduleNeed.maxStock", equalTo(500))
                // the diluent is needed dose for dose with its vaccine
                .body("products.find { it.productCode == 'MEASLES-DIL' }.scheduleNeed.maxStock", equalTo(500));
    }

    @Test
    void shouldJudgeTheStatusOfAFacilityWithATargetPopulationOnItsScheduleNeedInTheApiAndTheLevelChange() {
        // docs/domain-rules.md §6, I1: 1,200 infants need 400 Penta a month → min 100, max 500 doses. 300 consumed in each
        // of the last three months (AMC 300), 90 left: 0.30 months is within 0.25–1.25 on the AMC, below the need's 100.
        String facility = StockEvents.registerFacility(writer, 1200);
        String last = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility,
                    "LOT-A", 1000L, monthsAgo(3, 1)));
            for (int back = 3; back >= 1; back--) {
                writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.CONSUMPTION,
                        facility, "LOT-A", 300L, monthsAgo(back, 10)));
            }
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(last, StockEventType.CONSUMPTION, facility, "LOT-A", 10L,
                    Instant.now().minusSeconds(60)));
            String change = levels.await(r -> r.value().contains(last), Duration.ofSeconds(15)).value();
            assertThat(change).contains("\"status\":\"BELOW_MIN\"", "\"minStock\":100", "\"maxStock\":500", "\"amc\":300");
            assertThat(ContractSchemas.violations(change)).isEmpty();
        }
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].quantity", equalTo(90))
                .body("products[0].amc", equalTo(300))
                .body("products[0].monthsOfStock", equalTo(0.30f))
                .body("products[0].minStock", equalTo(100))
                .body("products[0].maxStock", equalTo(500))
                .body("products[0].status", equalTo("BELOW_MIN"));
    }

    @Test
    void shouldReJudgeAndPublishAFacilitysProductsAtOnceWhenItsTargetPopulationIsGiven() {
        // §6: I6 then I1. Without a target population, 90 doses at AMC 300 are within range; the facility reference then
        // gives 1,200 infants: its Penta is re-judged at once, BELOW_MIN (90 < 100), published as a recompute change.
        String facility = StockEvents.registerFacility(writer);
        report(facility,
                new Object[] { StockEventType.RECEIPT, 1000L, monthsAgo(3, 1) },
                new Object[] { StockEventType.CONSUMPTION, 300L, monthsAgo(3, 10) },
                new Object[] { StockEventType.CONSUMPTION, 300L, monthsAgo(2, 10) },
                new Object[] { StockEventType.CONSUMPTION, 300L, monthsAgo(1, 10) },
                new Object[] { StockEventType.CONSUMPTION, 10L, Instant.now().minusSeconds(60) });
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].status", equalTo("WITHIN_RANGE"));
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            StockEvents.updateFacility(writer, facility, 1200);
            String change = levels.await(r -> r.value().contains("\"facilityCode\":\"" + facility + "\"")
                    && r.value().contains("\"causeEventType\":\"recompute\""), Duration.ofSeconds(15)).value();
            assertThat(change).contains("\"status\":\"BELOW_MIN\"", "\"minStock\":100", "\"maxStock\":500");
            assertThat(ContractSchemas.violations(change)).isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.national().get("/api/v1/facilities/{f}/stock", facility).then()
                .statusCode(200).body("products[0].status", equalTo("BELOW_MIN")).body("products[0].minStock", equalTo(100)));
    }

    @Test
    void shouldJudgeAFacilityWithoutConsumptionHistoryByItsTargetPopulation() {
        // §6, I3: a new facility of 1,200 infants receives 300 Penta: no AMC (UNKNOWN on the AMC), within 100–500 doses.
        String facility = StockEvents.registerFacility(writer, 1200);
        report(facility, new Object[] { StockEventType.RECEIPT, 300L, Instant.now().minusSeconds(60) });
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].quantity", equalTo(300))
                .body("products[0].status", equalTo("WITHIN_RANGE"));
    }

    @Test
    void shouldLeaveOutOfUsableStockTheDosesReportedAtVvmStageThreeOrFourStillOnHand() {
        // docs/domain-rules.md §3, case U8 (the per-vial tally of §2, cases V1, V5, V4, replayed from stock-service's own
        // ledger). Penta, 10 doses a vial:
        //   PT-A 1,000 received, 10 discarded at VVM 3: 990 on hand, nothing left to discard (V1) → 990 usable;
        //   PT-B 500 received, then 200 received at VVM 3 (V5): 700 on hand, 200 to discard → 500 usable;
        //   PT-C 300 received, counted 300 at VVM 4 (V4): all 300 to discard → 0 usable;
        //   PT-D 100 received last month, expired yesterday → expired, not usable.
        // On hand 2,090 = usable 1,490 + expired 100 + at VVM 3/4 500. The lot to use first is PT-B (PT-C, expiring
        // sooner, is all to discard).
        String facility = StockEvents.registerFacility(writer);
        LocalDate today = LocalDate.now(StockMetrics.BUSINESS_ZONE);
        Lot a = new Lot("PT-A", today.plusDays(200)), b = new Lot("PT-B", today.plusDays(60)), c = new Lot("PT-C", today.plusDays(30)),
                d = new Lot("PT-D", today.minusDays(1));
        Instant at = Instant.now().minusSeconds(3600);
        String last = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            sendVvm(facility, a, StockEventType.RECEIPT, 1000, null, null, at.minusSeconds(50), UUID.randomUUID().toString());
            sendVvm(facility, a, StockEventType.DISCARD, 10, "VVM", 3, at.minusSeconds(40), UUID.randomUUID().toString());
            sendVvm(facility, b, StockEventType.RECEIPT, 500, null, null, at.minusSeconds(30), UUID.randomUUID().toString());
            sendVvm(facility, b, StockEventType.RECEIPT, 200, null, 3, at.minusSeconds(20), UUID.randomUUID().toString());
            sendVvm(facility, c, StockEventType.RECEIPT, 300, null, null, at.minusSeconds(10), UUID.randomUUID().toString());
            sendVvm(facility, d, StockEventType.RECEIPT, 100, null, null, monthsAgo(1, 12), UUID.randomUUID().toString());
            sendVvm(facility, c, StockEventType.PHYSICAL_COUNT, 300, null, 4, at, last);
            levels.await(r -> r.value().contains(last), Duration.ofSeconds(15));
        }
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200)
                .body("products[0].quantity", equalTo(2090))
                .body("products[0].expiredQuantity", equalTo(100))
                .body("products[0].vvmDiscardQuantity", equalTo(500))
                .body("products[0].usableQuantity", equalTo(1490))
                .body("products[0].useFirst", equalTo("PT-B"))
                .body("products[0].lots.lotCode", contains("PT-D", "PT-C", "PT-B", "PT-A"))
                .body("products[0].lots.vvmStage", contains(null, 4, 3, 3))
                .body("products[0].lots.vvmDosesToDiscard", contains(null, 300, 200, null));
    }

    private void sendVvm(String facility, Lot lot, StockEventType type, long quantity, String reason, Integer vvmStage, Instant at, String id) {
        StockEvent data = new StockEvent(facility, "PENTA", lot, quantity, at, "test", vvmStage, reason, null);
        writer.send(Topics.STOCK_EVENTS, facility, EventJson.write(CloudEvent.of(id, "/tests", type.cloudEventType(), facility, at, data)));
    }

    private void send(String facility, String product, Lot lot, StockEventType type, long quantity, String reason, Instant at, String id) {
        writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(id, type, facility, product, lot, quantity, reason, at));
    }
}
