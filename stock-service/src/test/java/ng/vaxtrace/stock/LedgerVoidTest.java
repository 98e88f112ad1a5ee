package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.adjustment.LedgerVoids;
import ng.vaxtrace.stock.cache.StockCache;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The ledger's repair path: an administrator voids a wrong entry with a compensating, audited adjustment; the ledger
 * stays append-only and balances, metrics and the published level change follow.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerVoidTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String VOID = "/api/v1/facilities/{f}/ledger/{e}/void";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Pool pool;

    @Inject
    StockCache cache;

    private TopicWriter writer;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    /** Publishes a stock event as ingest would and waits until the facility's balance of PENTA is {@code expected}. */
    private void apply(String facility, String id, StockEventType type, long quantity, long expected) {
        writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(id, type, facility, "VOID-LOT", quantity));
        await().atMost(WAIT).until(() -> stock(facility) == expected);
    }

    private static long stock(String facility) {
        JsonPath stock = Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().jsonPath();
        return stock.getList("products").isEmpty() ? 0 : stock.getLong("products[0].quantity");
    }

    private static RequestSpecification voiding(String reason) {
        return Api.admin().contentType("application/json").body("{\"reason\":\"" + reason + "\"}");
    }

    private long statusQuantity(String facility) {
        return pool.preparedQuery("select quantity from stock_status where facility_code = $1 and product_code = 'PENTA'")
                .execute(Tuple.of(facility)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void shouldVoidAWrongEntryWithACompensatingAuditedEntryThatBalancesFollow() {
        String facility = StockEvents.registerFacility(writer);
        String good = UUID.randomUUID().toString();
        String wrong = UUID.randomUUID().toString();
        apply(facility, good, StockEventType.RECEIPT, 100, 100);
        apply(facility, wrong, StockEventType.RECEIPT, 40, 140);

        String voidId;
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            voidId = voiding("keyed twice: the same delivery as " + good).post(VOID, facility, wrong).then().statusCode(201)
                    .body("voidedEventId", equalTo(wrong)).body("quantity", equalTo(-40)).body("balance", equalTo(100))
                    .body("lotCode", equalTo("VOID-LOT")).extract().path("eventId");
            String published = levels.await(r -> r.value().contains(voidId), WAIT).value();
            assertThat(ContractSchemas.violations(published)).isEmpty();
            JsonPath change = JsonPath.from(published);
            assertThat(change.getString("data.causeEventType")).isEqualTo("adjustment");
            assertThat(change.getLong("data.lotBalanceBefore")).isEqualTo(140);
            assertThat(change.getLong("data.lotBalanceAfter")).isEqualTo(100);
        }
        assertThat(stock(facility)).isEqualTo(100);
        assertThat(statusQuantity(facility)).isEqualTo(100);
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then()
                .body("products[0].lots.find { it.lotCode == 'VOID-LOT' }.quantity", equalTo(100));

        // Append-only: the wrong entry is still there, marked, and the void names it.
        JsonPath ledger = Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("items.eventId")).containsExactly(voidId, wrong, good);
        assertThat(ledger.getString("items[0].voids")).isEqualTo(wrong);
        assertThat(ledger.getString("items[0].reason")).isEqualTo("CORRECTION");
        assertThat(ledger.getString("items[1].voidedBy")).isEqualTo(voidId);
        assertThat(ledger.getString("items[2].voidedBy")).isNull();

        JsonPath audit = Api.admin().queryParam("facility", facility).queryParam("action", "stock.void").get("/api/v1/audit").then()
                .statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items")).hasSize(1);
        assertThat(audit.getString("items[0].actor")).isEqualTo("admin");
        assertThat(audit.getString("items[0].subjectId")).isEqualTo(wrong);
        assertThat(audit.getLong("items[0].before.balance")).isEqualTo(140);
        assertThat(audit.getLong("items[0].after.balance")).isEqualTo(100);
        assertThat(audit.getString("items[0].after.voidEventId")).isEqualTo(voidId);
        assertThat(audit.getString("items[0].after.reason")).startsWith("keyed twice");
    }

    @Test
    void shouldRefuseToVoidTwiceToVoidAVoidAndToVoidWhatDoesNotExist() {
        String facility = StockEvents.registerFacility(writer);
        String wrong = UUID.randomUUID().toString();
        apply(facility, wrong, StockEventType.RECEIPT, 25, 25);
        String voidId = voiding("test entry").post(VOID, facility, wrong).then().statusCode(201).extract().path("eventId");

        voiding("again").post(VOID, facility, wrong).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already voided by " + voidId));
        voiding("undo the void").post(VOID, facility, voidId).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("is a void"));
        voiding("nothing there").post(VOID, facility, UUID.randomUUID().toString()).then().statusCode(404)
                .contentType("application/problem+json");
        String other = StockEvents.registerFacility(writer);
        voiding("wrong facility").post(VOID, other, wrong).then().statusCode(404).contentType("application/problem+json");
        assertThat(stock(facility)).isZero();

        Throwable refused = catchThrowable(() -> pool.query("delete from ledger_void").execute().await().atMost(WAIT));
        assertThat(refused).isNotNull().hasMessageContaining("append-only");
    }

    @Test
    void shouldRefuseAVoidThatWouldMakeStockNegative() {
        String facility = StockEvents.registerFacility(writer);
        String receipt = UUID.randomUUID().toString();
        apply(facility, receipt, StockEventType.RECEIPT, 50, 50);
        apply(facility, UUID.randomUUID().toString(), StockEventType.ISSUE, 40, 10);

        voiding("never delivered").post(VOID, facility, receipt).then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("would make stock negative"));
        assertThat(stock(facility)).isEqualTo(10);
        // Refused, not recorded as a void: once the stock is there, the same void goes through.
        apply(facility, UUID.randomUUID().toString(), StockEventType.RECEIPT, 45, 55);
        voiding("never delivered").post(VOID, facility, receipt).then().statusCode(201).body("balance", equalTo(5));
    }

    @Test
    void shouldLetOnlyAdministratorsVoidAndOnlyWithAReason() {
        String facility = StockEvents.registerFacility(writer);
        String entry = UUID.randomUUID().toString();
        apply(facility, entry, StockEventType.RECEIPT, 5, 5);
        for (String[] who : new String[][] { { Roles.NATIONAL_OFFICER, null }, { Roles.ANALYST, null }, { Roles.LGA_OFFICER, StockEvents.LGA } }) {
            Api.as(who[0], who[1]).contentType("application/json").body("{\"reason\":\"mine\"}").post(VOID, facility, entry).then()
                    .statusCode(403).contentType("application/problem+json");
        }
        voiding(" ").post(VOID, facility, entry).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        Api.admin().contentType("application/json").body("{}").post(VOID, facility, entry).then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        voiding("x".repeat(501)).post(VOID, facility, entry).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        assertThat(stock(facility)).isEqualTo(5);
    }

    /** An entry as a version before the input contract stored it, with the balance, status and day rows it kept. */
    private void storeAsAnOldVersionDid(String facility, String eventId, String lot, String expiry, long quantity, String occurredAt) {
        pool.withTransaction(c -> c.preparedQuery("""
                insert into ledger_entry (event_id, event_type, facility_code, product_code, lot_code, lot_expiry, quantity, delta,
                                          balance_after, occurred_at, recorded_at, source, source_system)
                values ($1, 'receipt', $2, 'PENTA', $3, $4::text::date, $5, $5, $5, $6::text::timestamptz, now(), '/ingest-service', 'old-field-app')""")
                .execute(Tuple.of(eventId, facility, lot, expiry, quantity, occurredAt))
                .chain(() -> c.preparedQuery("""
                        insert into stock_balance (facility_code, product_code, lot_code, lot_expiry, quantity, last_occurred_at, updated_at)
                        values ($1, 'PENTA', $2, $3::text::date, $4, $5::text::timestamptz, now())""")
                        .execute(Tuple.of(facility, lot, expiry, quantity, occurredAt)))
                .chain(() -> c.preparedQuery("""
                        update stock_status set quantity = quantity + $2, first_event_at = least(first_event_at, $3::text::timestamptz),
                               last_event_at = greatest(last_event_at, $3::text::timestamptz)
                        where facility_code = $1 and product_code = 'PENTA'""").execute(Tuple.of(facility, quantity, occurredAt)))
                .chain(() -> c.preparedQuery("""
                        insert into stock_day (facility_code, product_code, day, used, net_delta)
                        values ($1, 'PENTA', ($3::text::timestamptz at time zone 'Africa/Lagos')::text::date, 0, $2)
                        on conflict (facility_code, product_code, day) do update set net_delta = stock_day.net_delta + excluded.net_delta""")
                        .execute(Tuple.of(facility, quantity, occurredAt)))).await().atMost(WAIT);
    }

    private static void readsAnswer(String facility) {
        Api.national().get("/api/v1/facilities/{f}", facility).then().statusCode(200);
        Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200);
        Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200);
        Api.national().queryParam("area", StockEvents.LGA).get("/api/v1/map/facilities").then().statusCode(200);
        Api.national().queryParam("area", StockEvents.LGA).get("/api/v1/kpis").then().statusCode(200);
        Api.national().get("/api/v1/areas/{a}/stock", StockEvents.LGA).then().statusCode(200);
    }

    @Test
    void shouldVoidEntriesStoredBeforeTheInputContractAndServeTheFacilityThroughout() {
        String facility = StockEvents.registerFacility(writer);
        apply(facility, UUID.randomUUID().toString(), StockEventType.RECEIPT, 100, 100);
        String yesterday = java.time.Instant.now().minus(java.time.Duration.ofDays(1)).toString();
        // What the contract refuses today, as older versions stored it (PostgreSQL kept year -999999999 as -infinity).
        java.util.Map<String, long[]> legacy = new java.util.LinkedHashMap<>();
        String[][] rows = { { "L-MINUS-INF", "2027-06-30", "500", "-infinity" },
                { "L-YEAR-1", "2027-06-30", "200", "0001-01-01T00:00:00Z" }, { "L-FAR-EXPIRY", "57496-01-01", "300", yesterday },
                { "L-HUGE", "2027-06-30", "1000000000", yesterday } };
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (String[] row : rows) {
            String id = "legacy-" + UUID.randomUUID();
            storeAsAnOldVersionDid(facility, id, row[0], row[1], Long.parseLong(row[2]), row[3]);
            ids.add(id);
        }
        // Written behind the service's back: drop what it cached, so the reads below see the stored values.
        cache.invalidate(facility, "NG,NG-NW,NG-KN," + StockEvents.LGA).await().atMost(WAIT);
        long all = 100 + 500 + 200 + 300 + 1_000_000_000L;
        assertThat(statusQuantity(facility)).isEqualTo(all);
        readsAnswer(facility);

        for (int i = 0; i < rows.length; i++) {
            voiding("stored before the input contract: " + rows[i][3] + ", expiry " + rows[i][1]).post(VOID, facility, ids.get(i)).then()
                    .statusCode(201).body("voidedEventId", equalTo(ids.get(i))).body("lotCode", equalTo(rows[i][0]))
                    .body("balance", equalTo(0));
            readsAnswer(facility);
        }

        assertThat(stock(facility)).isEqualTo(100);
        assertThat(statusQuantity(facility)).isEqualTo(100);
        // The product was first reported by the receipt that still counts, not in year 1 or at -infinity.
        OffsetDateTime first = pool.preparedQuery("select first_event_at from stock_status where facility_code = $1 and product_code = 'PENTA'")
                .execute(Tuple.of(facility)).await().atMost(WAIT).iterator().next().getOffsetDateTime(0);
        assertThat(first.toInstant()).isBetween(Instant.now().minus(Duration.ofDays(1)), Instant.now());
        JsonPath ledger = Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).extract().jsonPath();
        for (String id : ids) {
            assertThat(ledger.getString("items.find { it.eventId == '" + id + "' }.voidedBy")).isEqualTo(LedgerVoids.eventId(id));
        }
        voiding("again").post(VOID, facility, ids.get(0)).then().statusCode(409);
    }

    @Test
    void shouldVoidEntriesStoredInTheFutureRightAfterThemAndServeTheFacilityThroughout() {
        String facility = StockEvents.registerFacility(writer);
        apply(facility, UUID.randomUUID().toString(), StockEventType.RECEIPT, 100, 100);
        // Times an old version stored: PostgreSQL's last year, and +infinity (what year +999999999 became). Dated now,
        // a void sorted before such an entry, whose own +700 then came after a -700: "would make stock negative" (422).
        String[][] rows = { { "L-PLUS-INF", "700", "infinity" }, { "L-YEAR-294276", "400", "294276-06-01T00:00:00Z" } };
        List<String> ids = new ArrayList<>();
        for (String[] row : rows) {
            String id = "legacy-" + UUID.randomUUID();
            storeAsAnOldVersionDid(facility, id, row[0], "2027-06-30", Long.parseLong(row[1]), row[2]);
            ids.add(id);
        }
        cache.invalidate(facility, "NG,NG-NW,NG-KN," + StockEvents.LGA).await().atMost(WAIT);
        assertThat(statusQuantity(facility)).isEqualTo(1_200);
        readsAnswer(facility);

        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            for (int i = 0; i < rows.length; i++) {
                Instant before = Instant.now();
                String voidId = voiding("stored before the input contract at " + rows[i][2]).post(VOID, facility, ids.get(i)).then()
                        .statusCode(201).body("lotCode", equalTo(rows[i][0])).body("quantity", equalTo(-Integer.parseInt(rows[i][1])))
                        .body("balance", equalTo(0)).extract().path("eventId");
                // Published (and audited) as made now, a time every consumer reads, whatever the voided entry's.
                String published = levels.await(r -> r.value().contains(voidId), WAIT).value();
                assertThat(ContractSchemas.violations(published)).isEmpty();
                JsonPath change = JsonPath.from(published);
                assertThat(Instant.parse(change.getString("data.occurredAt"))).isBetween(before, Instant.now());
                assertThat(change.getLong("data.lotBalanceAfter")).isZero();
                readsAnswer(facility);
            }
        }

        assertThat(stock(facility)).isEqualTo(100);
        assertThat(statusQuantity(facility)).isEqualTo(100);
        // The facility's last report is no longer the voided entry's time but the void's, made now.
        JsonPath read = Api.national().get("/api/v1/facilities/{f}/stock", facility).then().statusCode(200).extract().jsonPath();
        assertThat(Instant.parse(read.getString("lastReportAt"))).isBefore(Instant.now());
        assertThat(read.getLong("daysSinceLastReport")).isZero();
        // In its card the void sits right after the entry it voids (ledger order: newest first).
        JsonPath ledger = Api.national().get("/api/v1/facilities/{f}/ledger", facility).then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("items.eventId", String.class)).startsWith(LedgerVoids.eventId(ids.get(0)), ids.get(0),
                LedgerVoids.eventId(ids.get(1)), ids.get(1));
        for (String id : ids) {
            assertThat(ledger.getString("items.find { it.eventId == '" + id + "' }.voidedBy")).isEqualTo(LedgerVoids.eventId(id));
        }
        // The day rollups net out on the voided entries' own days: they sum to the balance again.
        long days = pool.preparedQuery("select sum(net_delta) from stock_day where facility_code = $1 and product_code = 'PENTA'")
                .execute(Tuple.of(facility)).await().atMost(WAIT).iterator().next().getLong(0);
        assertThat(days).isEqualTo(100);

        // The lot takes stock again: an event dated now lands before the entry and its void, and the card replays.
        writer.send(Topics.STOCK_EVENTS, facility, StockEvents.record(UUID.randomUUID().toString(), StockEventType.RECEIPT, facility,
                rows[0][0], 30));
        await().atMost(WAIT).until(() -> stock(facility) == 130);
        assertThat(statusQuantity(facility)).isEqualTo(130);
        readsAnswer(facility);
        voiding("again").post(VOID, facility, ids.get(0)).then().statusCode(409);
    }
}
