package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.ledger.DailyRecompute;
import ng.vaxtrace.stock.metrics.StockMetrics;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/** The daily recompute: silent facilities age, changes are published once, one replica runs a day. */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyRecomputeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Pool pool;

    @Inject
    DailyRecompute recompute;

    private TopicWriter writer;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    @AfterEach
    void backToToday() {
        ShiftedClock.reset();
    }

    private static StockLevelChanged change(ConsumerRecord<String, String> record) {
        CloudEvent<StockLevelChanged> event = EventJson.read(record.value(), EventJson.STOCK_LEVEL_CHANGED);
        return event.data();
    }

    private static int stockOutDays(String facility) {
        return Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().path("products[0].stockOutDays");
    }

    @Test
    void shouldAgeASilentStockedOutFacilityTwoDaysLaterAndPublishOnlyThePairsThatChanged() {
        String silent = StockEvents.registerFacility(writer);
        String stocked = StockEvents.registerFacility(writer);
        Instant consumedAt = Instant.now().minus(2, ChronoUnit.DAYS);
        String emptied = UUID.randomUUID().toString(), received = UUID.randomUUID().toString();
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            writer.send(Topics.STOCK_EVENTS, silent, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, silent, "LOT-A",
                    100, consumedAt.minus(1, ChronoUnit.DAYS)));
            writer.send(Topics.STOCK_EVENTS, silent, StockEvents.record(emptied, StockEventType.CONSUMPTION, silent, "LOT-A", 100, consumedAt));
            writer.send(Topics.STOCK_EVENTS, stocked, StockEvents.record(received, StockEventType.RECEIPT, stocked, "LOT-A", 500,
                    consumedAt));
            levels.await(r -> r.value().contains(emptied), WAIT);
            levels.await(r -> r.value().contains(received), WAIT);
        }
        int before = stockOutDays(silent);

        ShiftedClock.shift(Duration.ofDays(2));
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            int changed = Api.admin().post("/api/v1/admin/metrics/recompute").then().statusCode(200)
                    .body("ran", equalTo(true)).extract().path("changed");
            assertThat(changed).isPositive();

            ConsumerRecord<String, String> record = levels.await(r -> r.key().equals(silent), WAIT);
            assertThat(ContractSchemas.violations(record.value())).isEmpty();
            StockLevelChanged aged = change(record);
            assertThat(aged.causeEventType()).isEqualTo(StockLevelChanged.RECOMPUTE);
            assertThat(aged.lotCode()).isEmpty();
            assertThat(aged.productBalanceAfter()).isZero();
            assertThat(aged.metrics().status()).isEqualTo("STOCKED_OUT");
            assertThat(aged.metrics().stockOutDays()).isGreaterThan(before).isEqualTo(stockOutDays(silent));
            assertThat(aged.lastEventAt()).isEqualTo(consumedAt.truncatedTo(ChronoUnit.MICROS));
            assertThat(aged.reportingGapDays()).isEqualTo((int) StockMetrics.daysBetween(consumedAt, Instant.now().plus(Duration.ofDays(2))));
            // The facility in stock without an AMC has nothing new to say: no change published for it.
            assertThat(levels.seen()).noneMatch(r -> r.key().equals(stocked));
        }
        // Run again the same day: every figure is already today's, nothing is written or published.
        Api.admin().post("/api/v1/admin/metrics/recompute").then().statusCode(200).body("ran", equalTo(true)).body("changed", equalTo(0));
    }

    @Test
    void shouldLetOneReplicaRunADayAndTakeOverTheClaimOfOneThatDied() {
        ShiftedClock.shift(Duration.ofDays(5));
        Instant now = Instant.now().plus(Duration.ofDays(5));
        var day = StockMetrics.businessDay(now);
        // Another replica is running that day (the database outlives test runs: an earlier run's row is taken over).
        pool.preparedQuery("insert into metrics_recompute (day, claimed_by, claimed_at) values ($1, 'other-replica', $2) "
                + "on conflict (day) do update set claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at, finished_at = null")
                .execute(Tuple.of(day, now.atOffset(ZoneOffset.UTC))).await().atMost(WAIT);

        Api.admin().post("/api/v1/admin/metrics/recompute").then().statusCode(409).contentType("application/problem+json");
        assertThat(recompute.run(false).await().atMost(WAIT).ran()).isFalse();

        // The other replica stopped renewing its claim 11 minutes ago: it died, this one takes the day over.
        pool.preparedQuery("update metrics_recompute set claimed_at = $2 where day = $1")
                .execute(Tuple.of(day, now.minus(Duration.ofMinutes(11)).atOffset(ZoneOffset.UTC))).await().atMost(WAIT);
        assertThat(recompute.run(false).await().atMost(WAIT).ran()).isTrue();
        // Done for the day: the scheduled check does not run it again.
        assertThat(recompute.run(false).await().atMost(WAIT).ran()).isFalse();
    }

    @Test
    void shouldRefuseTheTriggerToAnyoneButAnAdministrator() {
        Api.national().post("/api/v1/admin/metrics/recompute").then().statusCode(403);
    }
}
