package ng.vaxtrace.stock;

import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
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
            levels.await(r -> r.value().contains(marker), java.time.Duration.ofSeconds(15));
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
}
