package ng.vaxtrace.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.stock.contact.PiiCipher;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * The write actions: facility contacts (encrypted, scoped, never logged or published, key rotation), manual
 * adjustments (applied, published, idempotent, refused when impossible) and the append-only audit log.
 */
@QuarkusTest
@WithTestResource(value = StockTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_stock"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteActionsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "vaxtrace.pii.keys")
    String piiKeys;

    @Inject
    Pool pool;

    private TopicWriter writer;
    private String facility;

    @BeforeAll
    void openWriter() {
        writer = new TopicWriter(bootstrap);
    }

    /** Once per class, in the first test (RestAssured knows the application's port only then). */
    @BeforeEach
    void registerFacility() {
        if (facility != null) {
            return;
        }
        facility = StockEvents.registerFacility(writer);
    }

    @AfterAll
    void closeWriter() {
        writer.close();
    }

    private static String phone() {
        return "+23480" + String.format("%08d", (long) (Math.random() * 100_000_000L));
    }

    private static String body(String name, String phone) {
        return "{\"name\":\"" + name + "\",\"phone\":\"" + phone + "\"}";
    }

    private Row contactRow(String facilityCode) {
        return pool.preparedQuery("select * from facility_contact where facility_code = $1").execute(Tuple.of(facilityCode))
                .await().atMost(WAIT).iterator().next();
    }

    private static boolean contains(byte[] haystack, String needle) {
        return HexFormat.of().formatHex(haystack).contains(HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldStoreContactsOnlyAsCiphertextAndServeThemToOfficersInScope() {
        String phone = phone();
        Api.as(Roles.LGA_OFFICER, "NG-KN-017").contentType("application/json").body(body("Amina Bello", phone))
                .put("/api/v1/facilities/{f}/contact", facility).then().statusCode(200)
                .header("Cache-Control", containsString("no-store")).body("phone", equalTo(phone));
        Api.as(Roles.FACILITY_OFFICER, facility).get("/api/v1/facilities/{f}/contact", facility).then().statusCode(200)
                .body("name", equalTo("Amina Bello")).body("phone", equalTo(phone)).body("updatedBy", equalTo("lga-officer@NG-KN-017"));

        Row row = contactRow(facility);
        byte[] name = row.getBuffer("name_cipher").getBytes();
        byte[] number = row.getBuffer("phone_cipher").getBytes();
        assertThat(contains(name, "Amina")).isFalse();
        assertThat(contains(number, phone)).isFalse();
        assertThat(contains(number, phone.substring(4))).isFalse();
        assertThat(name.length).isGreaterThanOrEqualTo(12 + 16 + "Amina Bello".length());
        assertThat(row.getString("key_id")).isEqualTo(StockTestResource.ACTIVE_KEY_ID);

        // Nowhere else: not in the facility detail (nor its cache).
        assertThat(Api.national().get("/api/v1/facilities/{f}", facility).then().statusCode(200).extract().asString()).doesNotContain(phone);
    }

    @Test
    void shouldNeverShowContactsToAnalystsOrOutsideTheArea() {
        Api.as(Roles.ANALYST, null).get("/api/v1/facilities/{f}/contact", facility).then().statusCode(403)
                .body("detail", containsString("personal data"));
        Api.as(Roles.ANALYST, null).contentType("application/json").body(body("Ann Lee", phone()))
                .put("/api/v1/facilities/{f}/contact", facility).then().statusCode(403);
        Api.as(Roles.STATE_OFFICER, "NG-LA").get("/api/v1/facilities/{f}/contact", facility).then().statusCode(403);
        Api.as(Roles.STATE_OFFICER, "NG-LA").contentType("application/json").body(body("Ann Lee", phone()))
                .put("/api/v1/facilities/{f}/contact", facility).then().statusCode(403);
    }

    @Test
    void shouldValidateContactsWithoutEchoingTheValues() {
        String bad = "+2348" + "12";
        String response = Api.national().contentType("application/json").body(body("A", bad)).put("/api/v1/facilities/{f}/contact", facility)
                .then().statusCode(400).contentType("application/problem+json").extract().asString();
        assertThat(JsonPath.from(response).getList("errors.field")).containsExactlyInAnyOrder("name", "phone");
        assertThat(response).doesNotContain(bad);
    }

    @Test
    void shouldKeepPhoneNumbersOutOfLogsAndKafka() {
        String phone = phone();
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS);
                TopicProbe reference = new TopicProbe(bootstrap, Topics.REFERENCE_DATA)) {
            Api.admin().contentType("application/json").body(body("Chidi Okafor", phone)).put("/api/v1/facilities/{f}/contact", facility)
                    .then().statusCode(200);
            Api.admin().get("/api/v1/facilities/{f}/contact", facility).then().statusCode(200);
            Api.admin().contentType("application/json").body(body("Chidi Okafor", phone + "9")).put("/api/v1/facilities/{f}/contact", facility)
                    .then().statusCode(400);
            String eventId = Api.admin().contentType("application/json")
                    .body("{\"productCode\":\"PENTA\",\"lotCode\":\"LOG-1\",\"lotExpiry\":\"2028-01-31\",\"quantity\":7,\"reason\":\"FOUND\"}")
                    .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(201).extract().path("eventId");
            levels.await(r -> r.value().contains(eventId), WAIT);
            assertThat(levels.seen()).allSatisfy(r -> assertThat(r.value()).doesNotContain(phone.substring(4)).doesNotContain("Okafor"));
            assertThat(reference.seen()).allSatisfy(r -> assertThat(r.value()).doesNotContain(phone.substring(4)));
        } finally {
            root.removeHandler(capture);
        }
        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(phone.substring(4)) || line.contains("Okafor"));
    }

    @Test
    void shouldReadOldRowsAndReEncryptThemUnderTheActiveKey() {
        String other = StockEvents.registerFacility(writer);
        String oldEntry = Arrays.stream(piiKeys.split(",")).filter(e -> e.startsWith(StockTestResource.OLD_KEY_ID + ":")).findFirst().orElseThrow();
        PiiCipher old = PiiCipher.of(oldEntry);
        String phone = phone();
        pool.preparedQuery("insert into facility_contact values ($1, $2, $3, $4, now(), 'before-rotation')")
                .execute(Tuple.of(other, io.vertx.core.buffer.Buffer.buffer(old.encrypt(other, "name", "Old Key")),
                        io.vertx.core.buffer.Buffer.buffer(old.encrypt(other, "phone", phone)), StockTestResource.OLD_KEY_ID))
                .await().atMost(WAIT);
        Api.national().get("/api/v1/facilities/{f}/contact", other).then().statusCode(200).body("phone", equalTo(phone));

        Api.national().post("/api/v1/admin/contacts/re-encrypt").then().statusCode(403);
        Api.admin().post("/api/v1/admin/contacts/re-encrypt").then().statusCode(200)
                .body("activeKeyId", equalTo(StockTestResource.ACTIVE_KEY_ID)).body("reEncrypted", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        assertThat(contactRow(other).getString("key_id")).isEqualTo(StockTestResource.ACTIVE_KEY_ID);
        Api.national().get("/api/v1/facilities/{f}/contact", other).then().statusCode(200).body("name", equalTo("Old Key"))
                .body("phone", equalTo(phone));
        Api.admin().queryParam("action", "admin.contacts.reencrypt").get("/api/v1/audit").then().statusCode(200)
                .body("items[0].actor", equalTo("admin"));
    }

    @Test
    void shouldAuditContactEditsWithMaskedValuesOnly() {
        String other = StockEvents.registerFacility(writer);
        String phone = phone();
        Api.national().contentType("application/json").body(body("Ngozi Eze", phone)).put("/api/v1/facilities/{f}/contact", other)
                .then().statusCode(200);
        Api.national().contentType("application/json").body(body("Musa Danjuma", phone())).put("/api/v1/facilities/{f}/contact", other)
                .then().statusCode(200);
        JsonPath audit = Api.admin().queryParam("facility", other).get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action")).containsExactly("facility.contact.update", "facility.contact.update");
        assertThat(audit.getString("items[0].actor")).isEqualTo("national-officer");
        assertThat(audit.getString("items[0].role")).isEqualTo("national-officer");
        assertThat(audit.getMap("items[0].before")).isEqualTo(Map.of("name", "N. E.", "phone", "…" + phone.substring(phone.length() - 2)));
        assertThat(audit.getString("items[0].after.name")).isEqualTo("M. D.");
        assertThat(audit.getString("items[1].before")).isNull();
        String raw = Api.admin().queryParam("facility", other).get("/api/v1/audit").asString();
        assertThat(raw).doesNotContain("Ngozi").doesNotContain(phone.substring(4));
    }

    @Test
    void shouldOpenTheAuditLogToAdministratorsOnlyAndKeepItAppendOnly() {
        for (String[] who : new String[][] { { Roles.NATIONAL_OFFICER, null }, { Roles.ANALYST, null }, { Roles.STATE_OFFICER, "NG-KN" } }) {
            Api.as(who[0], who[1]).get("/api/v1/audit").then().statusCode(403).contentType("application/problem+json");
        }
        Api.admin().queryParam("limit", 1).get("/api/v1/audit").then().statusCode(200);
        Api.admin().queryParam("from", "yesterday").get("/api/v1/audit").then().statusCode(400).body("errors[0].field", equalTo("from"));
        for (String sql : List.of("update audit_log set actor = 'someone else'", "delete from audit_log", "truncate audit_log")) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> pool.query(sql).execute().await().atMost(WAIT));
            assertThat(refused).as(sql).isNotNull().hasMessageContaining("append-only");
        }
    }

    @Test
    void shouldApplyPublishAndAuditAManualAdjustmentOnce() {
        String target = StockEvents.registerFacility(writer);
        String key = UUID.randomUUID().toString();
        String request = "{\"productCode\":\"PENTA\",\"lotCode\":\"ADJ-1\",\"lotExpiry\":\"2028-06-30\",\"quantity\":50,\"reason\":\"FOUND\","
                + "\"note\":\"box found behind the fridge\"}";
        String eventId;
        try (TopicProbe levels = new TopicProbe(bootstrap, Topics.STOCK_LEVELS)) {
            eventId = Api.as(Roles.LGA_OFFICER, "NG-KN-017").header("Idempotency-Key", key).contentType("application/json").body(request)
                    .post("/api/v1/facilities/{f}/adjustments", target).then().statusCode(201)
                    .body("balance", equalTo(50)).body("lotCode", equalTo("ADJ-1")).extract().path("eventId");
            JsonPath published = JsonPath.from(levels.await(r -> r.value().contains(eventId), WAIT).value());
            assertThat(published.getString("data.causeEventType")).isEqualTo("adjustment");
            assertThat(published.getLong("data.lotBalanceAfter")).isEqualTo(50);
        }
        // The same key: the same answer, no second entry.
        Api.as(Roles.LGA_OFFICER, "NG-KN-017").header("Idempotency-Key", key).contentType("application/json").body(request)
                .post("/api/v1/facilities/{f}/adjustments", target).then().statusCode(201).body("eventId", equalTo(eventId)).body("balance", equalTo(50));
        // The same key for another adjustment: refused, nothing applied.
        Api.as(Roles.LGA_OFFICER, "NG-KN-017").header("Idempotency-Key", key).contentType("application/json")
                .body(request.replace("\"quantity\":50", "\"quantity\":70")).post("/api/v1/facilities/{f}/adjustments", target)
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"));
        JsonPath ledger = Api.national().get("/api/v1/facilities/{f}/ledger", target).then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getList("items.eventId")).containsExactly(eventId);
        assertThat(ledger.getString("items[0].sourceSystem")).isEqualTo("vaxtrace-manual");
        Api.national().get("/api/v1/facilities/{f}/stock", target).then().body("products[0].quantity", equalTo(50));

        JsonPath audit = Api.admin().queryParam("facility", target).queryParam("action", "stock.adjust").get("/api/v1/audit").then()
                .statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items")).hasSize(1);
        assertThat(audit.getString("items[0].actor")).isEqualTo("lga-officer@NG-KN-017");
        assertThat(audit.getString("items[0].actorArea")).isEqualTo("NG-KN-017");
        assertThat(audit.getString("items[0].subjectId")).isEqualTo(eventId);
        assertThat(audit.getLong("items[0].before.balance")).isZero();
        assertThat(audit.getLong("items[0].after.balance")).isEqualTo(50);
        assertThat(audit.getString("items[0].after.note")).isEqualTo("box found behind the fridge");
    }

    @Test
    void shouldRefuseAnAdjustmentThatWouldMakeStockNegative() {
        String target = StockEvents.registerFacility(writer);
        String detail = Api.as(Roles.FACILITY_OFFICER, target).contentType("application/json")
                .body("{\"productCode\":\"PENTA\",\"lotCode\":\"ADJ-2\",\"lotExpiry\":\"2028-06-30\",\"quantity\":-5,\"reason\":\"LOST\"}")
                .post("/api/v1/facilities/{f}/adjustments", target).then().statusCode(422).contentType("application/problem+json")
                .extract().path("detail");
        assertThat(detail).contains("would make stock negative");
        Api.as(Roles.FACILITY_OFFICER, target).get("/api/v1/rejected-events").then().statusCode(200)
                .body("[0].facilityCode", equalTo(target)).body("[0].reason", containsString("would make stock negative"));
    }

    @Test
    void shouldRefuseAdjustmentsFromAnalystsAndOutsideTheArea() {
        String request = "{\"productCode\":\"PENTA\",\"quantity\":5,\"reason\":\"FOUND\"}";
        Api.as(Roles.ANALYST, null).contentType("application/json").body(request).post("/api/v1/facilities/{f}/adjustments", facility)
                .then().statusCode(403).body("detail", containsString("read-only"));
        Api.as(Roles.STATE_OFFICER, "NG-LA").contentType("application/json").body(request)
                .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(403);
    }

    @Test
    void shouldNameTheBadFieldOfAnAdjustment() {
        Api.national().contentType("application/json").body("{\"productCode\":\"PENTA\",\"quantity\":5,\"reason\":\"MAGIC\"}")
                .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        Api.national().contentType("application/json").body("{\"productCode\":\"PENTA\",\"quantity\":0,\"reason\":\"FOUND\"}")
                .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(400).body("errors[0].field", equalTo("quantity"));
        Api.national().contentType("application/json").body("{\"productCode\":\"PENTA\",\"lotCode\":\"NEW-LOT-9\",\"quantity\":5,\"reason\":\"FOUND\"}")
                .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(400).body("errors[0].field", equalTo("lotExpiry"));
        Api.national().contentType("application/json").body("{\"productCode\":\"NOPE\",\"quantity\":5,\"reason\":\"FOUND\"}")
                .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(400).body("errors[0].field", equalTo("productCode"));
        Api.national().contentType("application/json").body("{\"productCode\":\"PENTA\",\"quantity\":5,\"reason\":\"FOUND\","
                + "\"occurredAt\":\"" + Instant.now().plusSeconds(3600) + "\"}")
                .post("/api/v1/facilities/{f}/adjustments", facility).then().statusCode(400).body("errors[0].field", equalTo("occurredAt"));
    }
}
