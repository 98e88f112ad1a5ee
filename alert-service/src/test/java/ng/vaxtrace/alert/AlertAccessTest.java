package ng.vaxtrace.alert;

import static ng.vaxtrace.alert.AlertTestSupport.as;
import static ng.vaxtrace.alert.AlertTestSupport.asNational;
import static ng.vaxtrace.alert.AlertTestSupport.await;
import static ng.vaxtrace.alert.AlertTestSupport.publishLevel;
import static ng.vaxtrace.alert.AlertTestSupport.stockedOut;
import static ng.vaxtrace.alert.AlertTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import ng.vaxtrace.alert.rest.AlertResource;
import ng.vaxtrace.alert.rest.AuditResource;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.ConsumerGroups;
import ng.vaxtrace.testing.CsvTable;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Every role × area against stock-outs in two Kano LGAs and one in Lagos: what each caller's lists, counts and single
 * alerts show, which explicit filters are refused, who may acknowledge and resolve what, and what the audit log records.
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class AlertAccessTest {

    private static final String KANO_A = "KANO_A";
    private static final String KANO_B = "KANO_B";
    private static final String LAGOS = "LAGOS";
    private static final List<String> ALL = List.of(KANO_A, KANO_B, LAGOS);
    private static final Map<String, FacilityArea> PLACES = Map.of(KANO_A, AlertTestSupport.KANO,
            KANO_B, new FacilityArea("NG-NW", "NG-KN", "NG-KN-018"), LAGOS, AlertTestSupport.LAGOS);
    /** Areas to filter by, each with its ancestors. */
    private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("NG", List.of());
        AREAS.put("NG-NW", List.of("NG"));
        AREAS.put("NG-KN", List.of("NG", "NG-NW"));
        AREAS.put("NG-KN-017", List.of("NG", "NG-NW", "NG-KN"));
        AREAS.put("NG-KN-018", List.of("NG", "NG-NW", "NG-KN"));
        AREAS.put("NG-SW", List.of("NG"));
        AREAS.put("NG-LA", List.of("NG", "NG-SW"));
        AREAS.put("NG-LA-001", List.of("NG", "NG-SW", "NG-LA"));
    }

    /** The shared alerts, opened once for the class: facility and alert id by name, all of one product. */
    private static String product;
    private static final Map<String, String> FACILITY = new LinkedHashMap<>();
    private static final Map<String, String> ALERT = new LinkedHashMap<>();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void openSharedAlerts() {
        if (product != null) {
            return;
        }
        // The first test class of the JVM: its two consumers of group alert-service may still be joining.
        ConsumerGroups.awaitAssigned(bootstrap, "alert-service", Duration.ofSeconds(90), Topics.STOCK_LEVELS, Topics.COLDCHAIN_READINGS);
        String p = unique("P");
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            for (String name : ALL) {
                FACILITY.put(name, unique(PLACES.get(name).lgaCode() + "-HF"));
                publishLevel(writer, FACILITY.get(name), PLACES.get(name), p, "", 0, 0, stockedOut(), null, null, Instant.now());
            }
            for (String name : ALL) {
                ALERT.put(name, await(alerts, EventTypes.ALERT_OPENED, FACILITY.get(name), AlertType.STOCK_OUT).data().alertId());
            }
        }
        product = p;
    }

    /** role, area claim ("@NAME" for a facility officer of that shared facility), the shared facilities it sees. */
    static Stream<Arguments> callers() {
        return Stream.of(
                Arguments.of(Roles.ADMIN, null, ALL),
                Arguments.of(Roles.NATIONAL_OFFICER, null, ALL),
                Arguments.of(Roles.NATIONAL_OFFICER, "NG", ALL),
                Arguments.of(Roles.ANALYST, null, ALL),
                Arguments.of(Roles.STATE_OFFICER, "NG-NW", List.of(KANO_A, KANO_B)),
                Arguments.of(Roles.STATE_OFFICER, "NG-KN", List.of(KANO_A, KANO_B)),
                Arguments.of(Roles.STATE_OFFICER, "NG-LA", List.of(LAGOS)),
                Arguments.of(Roles.LGA_OFFICER, "NG-KN-017", List.of(KANO_A)),
                Arguments.of(Roles.LGA_OFFICER, "NG-KN-018", List.of(KANO_B)),
                Arguments.of(Roles.FACILITY_OFFICER, "@" + KANO_A, List.of(KANO_A)),
                Arguments.of(Roles.FACILITY_OFFICER, "@" + LAGOS, List.of(LAGOS)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldListAndCountOnlyTheAlertsInTheCallersArea(String role, String area, List<String> sees) {
        List<String> listed = caller(role, area).queryParam("product", product).get("/api/v1/alerts").then().statusCode(200)
                .extract().jsonPath().getList("items.facilityCode", String.class);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(codes(sees));
        caller(role, area).queryParam("product", product).get("/api/v1/alerts/counts").then().statusCode(200)
                .body("total", equalTo(sees.size())).body("bySeverity.CRITICAL", equalTo(sees.size()));
        for (String name : ALL) {
            var single = caller(role, area).get("/api/v1/alerts/{id}", ALERT.get(name)).then();
            if (sees.contains(name)) {
                single.statusCode(200).body("alert.facilityCode", equalTo(FACILITY.get(name)));
            } else {
                single.statusCode(403).contentType(Problem.MEDIA_TYPE).body("detail", containsString("outside your area"));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldRefuseExplicitFiltersOutsideTheCallersArea(String role, String area, List<String> sees) {
        for (String name : ALL) {
            for (String path : List.of("/api/v1/alerts", "/api/v1/alerts/counts")) {
                var answer = caller(role, area).queryParam("product", product).queryParam("facility", FACILITY.get(name)).get(path).then();
                if (sees.contains(name)) {
                    answer.statusCode(200);
                } else {
                    answer.statusCode(403).contentType(Problem.MEDIA_TYPE)
                            .body("detail", containsString("facility " + FACILITY.get(name) + " is outside your area"));
                }
            }
        }
        for (Map.Entry<String, List<String>> filter : AREAS.entrySet()) {
            String code = filter.getKey();
            Set<String> expected = sees.stream().filter(n -> PLACES.get(n).chain().contains(code)).map(FACILITY::get)
                    .collect(Collectors.toCollection(TreeSet::new));
            var list = caller(role, area).queryParam("product", product).queryParam("area", code).get("/api/v1/alerts").then();
            var counts = caller(role, area).queryParam("product", product).queryParam("area", code).get("/api/v1/alerts/counts").then();
            if (mayFilterBy(role, area, code)) {
                assertThat(list.statusCode(200).extract().jsonPath().getList("items.facilityCode", String.class))
                        .as("area %s", code).containsExactlyInAnyOrderElementsOf(expected);
                counts.statusCode(200).body("total", equalTo(expected.size()));
            } else {
                list.statusCode(403).contentType(Problem.MEDIA_TYPE).body("detail", containsString(code + " is outside your area"));
                counts.statusCode(403).contentType(Problem.MEDIA_TYPE).body("detail", containsString(code + " is outside your area"));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldLetOfficersActOnlyInsideTheirAreaUnderTheirOwnName(String role, String area, List<String> sees) {
        for (String name : ALL) {
            if (!sees.contains(name) || role.equals(Roles.ANALYST)) {
                for (String action : List.of("acknowledge", "resolve")) {
                    caller(role, area).contentType(ContentType.JSON).body("{\"note\":\"not mine\"}")
                            .post("/api/v1/alerts/{id}/" + action, ALERT.get(name)).then().statusCode(403).contentType(Problem.MEDIA_TYPE);
                }
            }
        }
        if (role.equals(Roles.ANALYST)) {
            as(Roles.ADMIN, null).get("/api/v1/alerts/{id}", ALERT.get(KANO_A)).then().body("alert.status", equalTo("OPEN"));
            return;
        }
        // A fresh alert at a facility the caller covers, acknowledged and resolved by it.
        String home = FACILITY.get(sees.get(0));
        String freshProduct = unique("Q");
        String id;
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            publishLevel(writer, home, PLACES.get(sees.get(0)), freshProduct, "", 0, 0, stockedOut(), null, null, Instant.now());
            id = await(alerts, EventTypes.ALERT_OPENED, home, AlertType.STOCK_OUT).data().alertId();
        }
        String user = role + (claim(area) == null ? "" : "@" + claim(area));
        caller(role, area).contentType(ContentType.JSON).body("{\"note\":\"on it\"}").post("/api/v1/alerts/{id}/acknowledge", id).then()
                .statusCode(200).body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo(user));
        caller(role, area).contentType(ContentType.JSON).body("{\"note\":\"delivered\"}").post("/api/v1/alerts/{id}/resolve", id).then()
                .statusCode(200).body("status", equalTo("RESOLVED")).body("resolvedBy", equalTo(user));

        JsonPath audit = as(Roles.ADMIN, null).queryParam("subject", id).get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("items.action", String.class)).containsExactly("alert.resolve", "alert.acknowledge");
        assertThat(audit.getList("items.actor", String.class)).containsOnly(user);
        assertThat(audit.getList("items.role", String.class)).containsOnly(role);
        assertThat(audit.getList("items.actorArea", String.class)).containsOnly(claim(area) == null ? "NG" : claim(area));
        assertThat(audit.getList("items.facilityCode", String.class)).containsOnly(home);
        assertThat(audit.getList("items.before.status", String.class)).containsExactly("ACKNOWLEDGED", "OPEN");
        assertThat(audit.getList("items.after.status", String.class)).containsExactly("RESOLVED", "ACKNOWLEDGED");
        assertThat(audit.getList("items.note", String.class)).containsExactly("delivered", "on it");
        assertThat(audit.getString("items[0].after.resolvedBy")).isEqualTo(user);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldShowTheAuditLogToAdministratorsOnly(String role, String area, List<String> sees) {
        var answer = caller(role, area).get("/api/v1/audit").then();
        if (role.equals(Roles.ADMIN)) {
            answer.statusCode(200);
            caller(role, area).queryParam("action", "alert.delete").queryParam("from", "yesterday").queryParam("cursor", "!")
                    .get("/api/v1/audit").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("errors.field", contains("action", "from", "cursor"));
            caller(role, area).queryParam("limit", "0").get("/api/v1/audit").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        } else {
            answer.statusCode(403).contentType(Problem.MEDIA_TYPE);
        }
    }

    /**
     * The gateway's read of every open alert of an area ({@code GET /api/v1/areas/{area}/open-alerts}): the same alerts, in
     * the same order and read back as the same {@link Alert} values with the same fields, as the list gives page by page
     * for that area and caller; and the list's area rules (an area outside the caller's → 403).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldGiveEveryOpenAlertOfAnAreaInOneAnswerAsTheListGivesThemPageByPage(String role, String area, List<String> sees) {
        for (Map.Entry<String, List<String>> filter : AREAS.entrySet()) {
            String code = filter.getKey();
            var answer = caller(role, area).get("/api/v1/areas/{area}/open-alerts", code).then();
            if (!mayFilterBy(role, area, code)) {
                answer.statusCode(403).contentType(Problem.MEDIA_TYPE).body("detail", containsString(code + " is outside your area"));
                continue;
            }
            Set<String> expected = sees.stream().filter(n -> PLACES.get(n).chain().contains(code)).map(FACILITY::get)
                    .collect(Collectors.toCollection(TreeSet::new));
            JsonNode all = EventJson.tree(answer.statusCode(200).contentType(ContentType.JSON).extract().asString());
            assertThat(all.path("area").asText()).isEqualTo(code);
            assertThat(all.path("count").asInt()).isEqualTo(all.path("items").size());
            List<String> ours = new ArrayList<>();
            all.path("items").forEach(item -> {
                if (item.path("productCode").asText().equals(product)) {
                    ours.add(item.path("facilityCode").asText());
                }
            });
            assertThat(ours).as("area %s", code).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldGiveTheOpenAlertsOfAnAreaWithTheListsFieldsAndValues() {
        // Besides the stock-outs: an acknowledged alert with a note, and figures with decimals in its details.
        String fresh = unique("S");
        String id;
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            publishLevel(writer, FACILITY.get(KANO_A), PLACES.get(KANO_A), fresh, "", 40, 40,
                    new LevelMetrics(400L, new BigDecimal("0.10"), "BELOW_MIN", 0, 0.25, 1.25), null, null, Instant.now());
            id = await(alerts, EventTypes.ALERT_OPENED, FACILITY.get(KANO_A), AlertType.BELOW_MIN).data().alertId();
        }
        asNational().contentType(ContentType.JSON).body("{\"note\":\"truck on its way\"}").post("/api/v1/alerts/{id}/acknowledge", id)
                .then().statusCode(200);
        for (String code : List.of("NG", "NG-KN", "NG-KN-017")) {
            // Read twice over, in case the service's time sweep changed an alert between the two reads.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode all = EventJson.tree(asNational().get("/api/v1/areas/{area}/open-alerts", code).then().statusCode(200)
                        .extract().asString());
                List<JsonNode> listed = listed(code);
                List<JsonNode> items = new ArrayList<>();
                all.path("items").forEach(items::add);
                assertThat(items).as("area %s", code).hasSameSizeAs(listed).isNotEmpty();
                for (int i = 0; i < items.size(); i++) {
                    JsonNode item = items.get(i);
                    assertThat(fields(item)).as("fields of %s", item.path("alertId")).isEqualTo(fields(listed.get(i)));
                    assertThat(EventJson.mapper().treeToValue(item, Alert.class)).isEqualTo(EventJson.mapper().treeToValue(listed.get(i), Alert.class));
                }
                JsonNode acknowledged = items.stream().filter(a -> a.path("alertId").asText().equals(id)).findFirst().orElseThrow();
                assertThat(acknowledged.path("status").asText()).isEqualTo("ACKNOWLEDGED");
                assertThat(acknowledged.path("notes").get(0).path("text").asText()).isEqualTo("truck on its way");
                assertThat(acknowledged.path("details").path("monthsOfStock").asDouble()).isEqualTo(0.1);
            });
        }
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAnUnknownAreaForTheOpenAlertsAsAProblemNamingTheArea() {
        for (String bad : List.of("NG-XX", "KANO", "NG-KN-999", " ")) {
            asNational().get("/api/v1/areas/{area}/open-alerts", bad).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].field", equalTo("area"));
        }
        io.restassured.RestAssured.given().get("/api/v1/areas/NG/open-alerts").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        // A facility officer's NG is its own facility, as in the list.
        assertThat(caller(Roles.FACILITY_OFFICER, "@" + LAGOS).get("/api/v1/areas/NG/open-alerts").then().statusCode(200).extract()
                .jsonPath().getList("items.facilityCode", String.class)).containsOnly(FACILITY.get(LAGOS));
    }

    /** Every unresolved alert of the area as the national list gives them, page after page (small pages: several). */
    private static List<JsonNode> listed(String area) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification page = asNational().queryParam("area", area).queryParam("limit", "3");
            if (cursor != null) {
                page.queryParam("cursor", cursor);
            }
            JsonNode body = EventJson.tree(page.get("/api/v1/alerts").then().statusCode(200).extract().asString());
            body.path("items").forEach(items::add);
            cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    private static List<String> fields(JsonNode item) {
        List<String> names = new ArrayList<>();
        item.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean mayFilterBy(String role, String area, String code) {
        String claim = claim(area);
        if (claim == null || claim.equals("NG")) {
            return true;
        }
        if (role.equals(Roles.FACILITY_OFFICER)) {
            return PLACES.get(area.substring(1)).chain().contains(code);
        }
        return code.equals(claim) || AREAS.get(code).contains(claim);
    }

    private static String claim(String area) {
        return area != null && area.startsWith("@") ? FACILITY.get(area.substring(1)) : area;
    }

    /**
     * The spreadsheet download holds what the caller's list holds, one row per alert in the documented columns, and pages
     * through X-Next-Cursor; cells are written by the shared {@link ng.vaxtrace.http.Csv} (formula-like text neutralised).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldDownloadOnlyTheAlertsInTheCallersAreaAsCsv(String role, String area, List<String> sees) {
        String csv = caller(role, area).queryParam("product", product).queryParam("status", "ALL").queryParam("format", "csv")
                .get("/api/v1/alerts").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("filename=\"alerts.csv\"")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", AlertResource.CSV_HEADER));
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[4]).containsExactlyInAnyOrderElementsOf(codes(sees));
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).contains(",STOCK_OUT,CRITICAL,").contains("," + product + ","));
    }

    @org.junit.jupiter.api.Test
    void shouldPageTheCsvDownloadAndAnswerCsvToAnAcceptHeader() {
        var first = asNational().accept("text/csv").queryParam("product", product).queryParam("status", "ALL").queryParam("limit", "2")
                .get("/api/v1/alerts").then().statusCode(200).contentType(containsString("text/csv")).extract();
        String cursor = first.header("X-Next-Cursor");
        assertThat(cursor).isNotBlank();
        String rest = asNational().queryParam("format", "csv").queryParam("product", product).queryParam("status", "ALL")
                .queryParam("cursor", cursor).get("/api/v1/alerts").then().statusCode(200).header("X-Next-Cursor", (String) null)
                .extract().asString();
        List<String> facilities = Stream.concat(first.asString().lines().skip(1), rest.lines().skip(1)).map(l -> l.split(",")[4]).toList();
        assertThat(facilities).containsExactlyInAnyOrderElementsOf(codes(ALL));
        asNational().queryParam("format", "xlsx").get("/api/v1/alerts").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("format"));
        asNational().queryParam("format", "csv").queryParam("limit", "10001").get("/api/v1/alerts").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("detail", containsString("limit"));
    }

    /** The counts and the alerts per day download with the JSON's figures for the same query, under the same area rules. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callers")
    void shouldDownloadTheCountsAndTheAlertsPerDayAsCsvWithTheJsonsFigures(String role, String area, List<String> sees) {
        JsonPath counts = caller(role, area).queryParam("product", product).get("/api/v1/alerts/counts").then().statusCode(200)
                .extract().jsonPath();
        CsvTable countsCsv = CsvTable.parse(caller(role, area).queryParam("product", product).queryParam("format", "csv")
                .get("/api/v1/alerts/counts").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("filename=\"alert-counts.csv\"")).extract().asString());
        assertThat(countsCsv.header()).isEqualTo(AlertResource.COUNTS_CSV_HEADER);
        Map<String, Long> bySeverity = counts.getMap("bySeverity", String.class, Long.class);
        Map<String, Long> byType = counts.getMap("byType", String.class, Long.class);
        List<String> expected = Stream.concat(Stream.of("total,," + counts.getLong("total")), Stream.concat(
                bySeverity.entrySet().stream().map(e -> "severity," + e.getKey() + "," + e.getValue()),
                byType.entrySet().stream().map(e -> "type," + e.getKey() + "," + e.getValue()))).toList();
        assertThat(countsCsv.rows()).extracting(r -> String.join(",", r.values())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(countsCsv.rows().get(0)).containsEntry("dimension", "total").containsEntry("alerts", String.valueOf(sees.size()));

        JsonPath daily = caller(role, area).queryParam("product", product).queryParam("days", "3").get("/api/v1/alerts/daily").then()
                .statusCode(200).extract().jsonPath();
        CsvTable dailyCsv = CsvTable.parse(caller(role, area).queryParam("product", product).queryParam("days", "3")
                .accept("text/csv").get("/api/v1/alerts/daily").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("filename=\"alerts-daily-" + daily.getString("from") + "-"
                        + daily.getString("to") + ".csv\"")).extract().asString());
        assertThat(dailyCsv.header()).isEqualTo(AlertResource.DAILY_CSV_HEADER);
        List<Map<String, Object>> days = daily.getList("days");
        assertThat(dailyCsv.rows()).extracting(r -> String.join(",", r.values()))
                .containsExactlyElementsOf(days.stream().map(d -> d.get("day") + "," + d.get("raised") + "," + d.get("resolved") + "," + d.get("open")).toList());
        assertThat(dailyCsv.rows().get(2).get("open")).isEqualTo(String.valueOf(sees.size()));
    }

    /** A note is free text an officer typed: the audit download keeps it as inert text, the rows equal to the JSON page. */
    @org.junit.jupiter.api.Test
    void shouldDownloadTheAuditLogAsCsvWithAHostileNoteEscapedAndNeutralised() {
        String hostile = "=cmd|' /C calc'!A0,\"x\"\r\nnext";
        String fresh = unique("R");
        String id;
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe alerts = new TopicProbe(bootstrap, Topics.ALERTS)) {
            publishLevel(writer, FACILITY.get(KANO_A), PLACES.get(KANO_A), fresh, "", 0, 0, stockedOut(), null, null, Instant.now());
            id = await(alerts, EventTypes.ALERT_OPENED, FACILITY.get(KANO_A), AlertType.STOCK_OUT).data().alertId();
        }
        asNational().contentType(ContentType.JSON).body(java.util.Map.of("note", hostile)).post("/api/v1/alerts/{id}/acknowledge", id)
                .then().statusCode(200);
        asNational().contentType(ContentType.JSON).body(java.util.Map.of("note", "done")).post("/api/v1/alerts/{id}/resolve", id)
                .then().statusCode(200);

        JsonPath json = as(Roles.ADMIN, null).queryParam("subject", id).get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        var first = as(Roles.ADMIN, null).queryParam("subject", id).queryParam("format", "csv").queryParam("limit", "1")
                .get("/api/v1/audit").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("filename=\"audit-log.csv\"")).extract();
        String rest = as(Roles.ADMIN, null).queryParam("subject", id).accept("text/csv").queryParam("cursor", first.header("X-Next-Cursor"))
                .get("/api/v1/audit").then().statusCode(200).header("X-Next-Cursor", (String) null).extract().asString();
        assertThat(rest).contains("\"'=cmd|' /C calc'!A0,\"\"x\"\"\r\nnext\"");
        CsvTable firstCsv = CsvTable.parse(first.asString());
        assertThat(firstCsv.header()).isEqualTo(AuditResource.CSV_HEADER);
        List<Map<String, String>> rows = Stream.concat(firstCsv.rows().stream(), CsvTable.parse(rest).rows().stream()).toList();
        assertThat(rows).extracting(r -> r.get("id")).containsExactlyElementsOf(json.getList("items.id", Object.class).stream().map(String::valueOf).toList());
        assertThat(rows).extracting(r -> r.get("action")).containsExactly("alert.resolve", "alert.acknowledge");
        assertThat(rows).extracting(r -> r.get("note")).containsExactly("done", "'" + hostile);
        assertThat(rows).extracting(r -> r.get("at")).containsExactlyElementsOf(json.getList("items.at", String.class));
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("facility", FACILITY.get(KANO_A)).containsEntry("lga", "NG-KN-017")
                .containsEntry("subject_id", id).containsEntry("actor", "national-officer"));
        assertThat(ng.vaxtrace.contracts.EventJson.tree(rows.get(0).get("after")).get("status").asText()).isEqualTo("RESOLVED");

        asNational().queryParam("format", "csv").get("/api/v1/audit").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseTheCountsAndPerDayDownloadsOutsideTheCallersArea() {
        for (String path : List.of("/api/v1/alerts/counts", "/api/v1/alerts/daily")) {
            as(Roles.STATE_OFFICER, "NG-LA").queryParam("area", "NG-KN").queryParam("format", "csv").get(path).then().statusCode(403)
                    .contentType(Problem.MEDIA_TYPE).body("detail", containsString("outside your area"));
            as(Roles.LGA_OFFICER, "NG-KN-017").queryParam("facility", FACILITY.get(LAGOS)).accept("text/csv").get(path).then()
                    .statusCode(403).contentType(Problem.MEDIA_TYPE);
            asNational().queryParam("format", "xlsx").get(path).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("errors[0].field", equalTo("format"));
        }
    }

    private static RequestSpecification caller(String role, String area) {
        return as(role, claim(area));
    }

    private static List<String> codes(List<String> names) {
        return names.stream().map(FACILITY::get).toList();
    }
}
