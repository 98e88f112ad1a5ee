package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.stock.ledger.LedgerOutcome;
import ng.vaxtrace.stock.ledger.LedgerService;
import ng.vaxtrace.stock.ledger.LedgerService.Received;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The set-based apply path against the database: a batch gives exactly the ledger, balances, rollups and metrics that
 * applying its events one at a time gives, and a backlog is drained while liveness stays UP.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchApplyTest {

    @Inject
    LedgerService ledger;

    @Inject
    Pool pool;

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

    /** A stream mixing new cards, duplicates (in the batch and already applied), late events, counts and refusals. */
    private static List<Received> mixedStream(String facility, String idPrefix, Instant t) {
        List<Received> events = new ArrayList<>();
        Function<Integer, Instant> day = hours -> t.plus(hours, ChronoUnit.HOURS);
        events.add(event(idPrefix + "-e1", StockEventType.RECEIPT, facility, "PENTA", "L1", 500, day.apply(24)));
        events.add(event(idPrefix + "-e2", StockEventType.RECEIPT, facility, "PENTA", "L2", 200, day.apply(48)));
        events.add(event(idPrefix + "-e3", StockEventType.CONSUMPTION, facility, "PENTA", "L1", 50, day.apply(72)));
        events.add(event(idPrefix + "-e1", StockEventType.RECEIPT, facility, "PENTA", "L1", 500, day.apply(24)));
        events.add(event(idPrefix + "-e5", StockEventType.ISSUE, facility, "PENTA", "L1", 1_000, day.apply(96)));
        events.add(event(idPrefix + "-e6", StockEventType.RECEIPT, facility, "PENTA", "L1", 100, day.apply(12)));
        events.add(event(idPrefix + "-e7", StockEventType.PHYSICAL_COUNT, facility, "PENTA", "L1", 300, day.apply(120)));
        events.add(event(idPrefix + "-e8", StockEventType.CONSUMPTION, facility, "PENTA", "L1", 30, day.apply(60)));
        events.add(event(idPrefix + "-e9", StockEventType.ISSUE, facility, "PENTA", "L2", 250, day.apply(36)));
        events.add(event(idPrefix + "-e10", StockEventType.RECEIPT, facility, "NOPE", "L9", 10, day.apply(40)));
        events.add(event(idPrefix + "-e0", StockEventType.RECEIPT, facility, "PENTA", "L1", 10, day.apply(1)));
        events.add(event(idPrefix + "-e12", StockEventType.CONSUMPTION, facility, "PENTA", "L2", 20, day.apply(144)));
        events.add(event(idPrefix + "-e13", StockEventType.RECEIPT, facility, "BCG", "B1", 40, day.apply(100)));
        events.add(event(idPrefix + "-e14", StockEventType.CONSUMPTION, facility, "BCG", "B1", 40, day.apply(101)));
        return events;
    }

    private static Received event(String id, StockEventType type, String facility, String product, String lot, long quantity, Instant at) {
        StockEvent data = new StockEvent(facility, product, new Lot(lot, LocalDate.parse("2027-12-31")), quantity, at, "test", null, null, null);
        CloudEvent<StockEvent> event = CloudEvent.of(id, "/tests", type.cloudEventType(), facility, at, data);
        return new Received(event, EventJson.write(event));
    }

    @Test
    void shouldWriteTheSameLedgerForABatchAsForItsEventsOneByOne() {
        String batched = StockEvents.registerFacility(writer);
        String single = StockEvents.registerFacility(writer);
        Instant t = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        // One event of each stream is already in the ledger before the batch: its redelivery must change nothing.
        ledger.applyAll(List.of(event(batched + "-e0", StockEventType.RECEIPT, batched, "PENTA", "L1", 10, t.plus(1, ChronoUnit.HOURS))))
                .await().indefinitely();
        ledger.applyAll(List.of(event(single + "-e0", StockEventType.RECEIPT, single, "PENTA", "L1", 10, t.plus(1, ChronoUnit.HOURS))))
                .await().indefinitely();

        List<LedgerOutcome> batchOutcomes = ledger.applyAll(mixedStream(batched, batched, t)).await().indefinitely().outcomes();
        List<LedgerOutcome> singleOutcomes = new ArrayList<>();
        for (Received event : mixedStream(single, single, t)) {
            singleOutcomes.addAll(ledger.applyAll(List.of(event)).await().indefinitely().outcomes());
        }

        assertThat(batchOutcomes).extracting(LedgerOutcome::kind).containsExactlyElementsOf(singleOutcomes.stream().map(LedgerOutcome::kind).toList())
                .contains(LedgerOutcome.Kind.APPLIED, LedgerOutcome.Kind.DUPLICATE, LedgerOutcome.Kind.REJECTED);
        assertThat(batchOutcomes).extracting(LedgerOutcome::detail).containsExactlyElementsOf(singleOutcomes.stream().map(LedgerOutcome::detail).toList());
        assertThat(rows("select event_type, product_code, lot_code, quantity, delta, balance_after, occurred_at from ledger_entry "
                + "where facility_code = $1 order by product_code, lot_code, occurred_at, id", batched))
                .isEqualTo(rows("select event_type, product_code, lot_code, quantity, delta, balance_after, occurred_at from ledger_entry "
                        + "where facility_code = $1 order by product_code, lot_code, occurred_at, id", single))
                .hasSize(10);
        assertThat(rows("select product_code, lot_code, quantity, last_occurred_at, lot_expiry from stock_balance where facility_code = $1 "
                + "order by 1, 2", batched))
                .isEqualTo(rows("select product_code, lot_code, quantity, last_occurred_at, lot_expiry from stock_balance where facility_code = $1 "
                        + "order by 1, 2", single))
                .contains("PENTA|L1|300|" + t.plus(120, ChronoUnit.HOURS).atOffset(java.time.ZoneOffset.UTC) + "|2027-12-31");
        assertThat(rows("select product_code, day, used, net_delta, counted from stock_day where facility_code = $1 order by 1, 2", batched))
                .isEqualTo(rows("select product_code, day, used, net_delta, counted from stock_day where facility_code = $1 order by 1, 2", single));
        assertThat(rows("select product_code, quantity, amc, months_of_stock, status, stockout_days, first_event_at, last_event_at "
                + "from stock_status where facility_code = $1 order by 1", batched))
                .isEqualTo(rows("select product_code, quantity, amc, months_of_stock, status, stockout_days, first_event_at, last_event_at "
                        + "from stock_status where facility_code = $1 order by 1", single));
        assertThat(rows("select reason from rejected_event where event_id like $1 || '-%' order by event_id", batched))
                .isEqualTo(rows("select reason from rejected_event where event_id like $1 || '-%' order by event_id", single))
                .hasSize(3);
    }

    @Test
    void shouldDrainABacklogWithLivenessUpThroughout() {
        String facility = StockEvents.registerFacility(writer);
        int events = 4_000;
        Instant t = Instant.now().minus(3, ChronoUnit.DAYS);
        // Written while nothing is read from the partition yet would be the same: the consumer polls a batch at a time.
        for (int i = 0; i < events; i++) {
            writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility,
                    "PENTA", "BL" + (i % 7), 1, null, t.plusSeconds(i)));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(RestAssured.get("/q/health/live").statusCode()).isEqualTo(200);
            return sum("select coalesce(sum(quantity), 0) from stock_balance where facility_code = $1", facility) == events;
        });
        assertThat(RestAssured.get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(RestAssured.get("/q/metrics").asString()).contains("vaxtrace_stock_consumer_lag{").contains("vaxtrace_stock_batch_seconds");
    }

    private List<String> rows(String sql, String facility) {
        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(facility)).await().indefinitely()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "|").append(row.getValue(i));
            }
            rows.add(line.toString());
        }
        return rows;
    }

    private long sum(String sql, String facility) {
        return pool.preparedQuery(sql).execute(Tuple.of(facility)).await().indefinitely().iterator().next().getLong(0);
    }
}
