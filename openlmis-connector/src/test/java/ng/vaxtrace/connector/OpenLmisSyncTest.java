package ng.vaxtrace.connector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.connector.client.TokenProvider;
import ng.vaxtrace.connector.client.Credentials;
import ng.vaxtrace.connector.sync.StockCards;
import ng.vaxtrace.connector.sync.SyncSchedule;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.StockEventType;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.data.ProductCatalogue;
import ng.vaxtrace.openlmis.simulator.Faults;
import ng.vaxtrace.openlmis.simulator.OpenLmisSimulator;
import ng.vaxtrace.openlmis.simulator.SimulatedData;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TestIssuer;
import ng.vaxtrace.testing.TopicProbe;

/**
 * The connector against the OpenLMIS simulator, real Kafka and PostgreSQL: the first sync, the delta logic, and each
 * fault. Ordered: each sync builds on the state the previous one left (as successive syncs in production do).
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_connector"))
@WithTestResource(SimulatorTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenLmisSyncTest {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    TokenProvider tokens;

    @Inject
    Pool pool;

    @Inject
    SyncSchedule schedule;

    @Inject
    Credentials credentials;

    private final OpenLmisSimulator simulator = SimulatorTestResource.simulator();

    @AfterEach
    void clearFaults() {
        simulator.reset();
    }

    @Test
    @Order(1)
    void shouldPublishReferenceDataAndEveryStockCardOnceOnTheFirstSync() {
        // A connector deployed for the first time: no state left by an earlier test run.
        pool.query("truncate sync_run_facility, sync_run_unplaced, sync_run, stock_card_state, id_map, facility_detail").execute()
                .await().atMost(Duration.ofSeconds(10));
        List<SimulatedData.Card> cards = allCards();
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS); TopicProbe reference = probe(Topics.REFERENCE_DATA)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED");
            assertThat(run.getInt("facilitiesDone")).isEqualTo(26).isEqualTo(run.getInt("facilitiesTotal"));
            assertThat(run.getLong("stockEvents")).isEqualTo(cards.size());
            Map<String, JsonNode> events = awaitDistinct(stock, cards.size());
            assertThat(stock.seen()).allSatisfy(r -> assertThat(ContractSchemas.violations(r.value())).isEmpty());
            assertThat(events.values()).allSatisfy(e -> {
                assertThat(e.path("type").asText()).isEqualTo(StockEventType.PHYSICAL_COUNT.cloudEventType());
                assertThat(e.path("data").path("sourceSystem").asText()).isEqualTo("openlmis");
            });
            // Trade-item duplicates were collapsed: one event per stock card, each card's event id as derived from it.
            SimulatedData.Card vaccine = cards.stream().filter(c -> c.lotId() != null).findFirst().orElseThrow();
            JsonNode vaccineEvent = events.get(eventId(vaccine));
            assertThat(vaccineEvent.path("data").path("quantity").asLong()).isEqualTo(vaccine.stockOnHand());
            assertThat(vaccineEvent.path("data").path("lot").path("code").asText())
                    .isEqualTo(simulator.data().lot(vaccine.lotId()).get("lotCode"));
            assertThat(vaccineEvent.path("data").path("lot").path("expiry").asText()).isNotEmpty();
            SimulatedData.Card diluent = cards.stream().filter(c -> c.lotId() == null).findFirst().orElseThrow();
            assertThat(events.get(eventId(diluent)).path("data").has("lot")).isFalse();

            Map<String, JsonNode> referenceEvents = awaitDistinct(reference, (int) run.getLong("referenceEvents"));
            assertThat(reference.seen()).allSatisfy(r -> assertThat(ContractSchemas.violations(r.value())).isEmpty());
            List<JsonNode> products = ofType(referenceEvents, EventTypes.REFERENCE_PRODUCT);
            assertThat(products).extracting(p -> p.path("data").path("code").asText())
                    .containsExactlyInAnyOrderElementsOf(ProductCatalogue.all().stream().map(p -> p.code()).toList());
            JsonNode bcg = products.stream().filter(p -> p.path("data").path("code").asText().equals("BCG")).findFirst().orElseThrow();
            assertThat(bcg.path("data").path("dosesPerVial").asInt()).isEqualTo(20);
            assertThat(bcg.path("data").path("vvm").asBoolean()).isTrue();
            assertThat(bcg.path("data").path("storageMaxC").asInt()).isEqualTo(8);
            List<JsonNode> facilities = ofType(referenceEvents, EventTypes.REFERENCE_FACILITY);
            assertThat(facilities).hasSize(26);
            JsonNode lgaStore = facilities.stream().filter(f -> f.path("data").path("code").asText().equals("NG-FC-001-LS")).findFirst()
                    .orElseThrow();
            assertThat(lgaStore.path("data").path("tier").asText()).isEqualTo("LGA");
            assertThat(lgaStore.path("data").path("zoneCode").asText()).isEqualTo("NG-NC");
            assertThat(lgaStore.path("data").path("stateCode").asText()).isEqualTo("NG-FC");
            assertThat(lgaStore.path("data").path("lgaCode").asText()).isEqualTo("NG-FC-001");
            assertThat(lgaStore.path("data").path("latitude").asDouble()).as("from the facility's full DTO")
                    .isEqualTo(((List<?>) ((Map<?, ?>) simulator.data().facility(SimulatedData.uuid("facility:NG-FC-001-LS")).get("location"))
                            .get("coordinates")).get(1));
            assertThat(simulator.stat("requests /api/facilities/{id}")).as("each facility read once, in full").isEqualTo(26);
            // The instance spells FCT's zones its own way: "FCT", "Abuja Municipal" (alias), "Gwagwalda" (one letter off).
            assertThat(facilities).filteredOn(f -> f.path("data").path("code").asText().startsWith("NG-FC-002-"))
                    .isNotEmpty().allSatisfy(f -> assertThat(f.path("data").path("lgaCode").asText()).isEqualTo("NG-FC-002"));
            assertThat(facilities).filteredOn(f -> f.path("data").path("code").asText().startsWith("NG-FC-004-"))
                    .isNotEmpty().allSatisfy(f -> assertThat(f.path("data").path("lgaCode").asText()).isEqualTo("NG-FC-004"));
            JsonNode unlocated = facilities.stream().filter(f -> f.path("data").path("code").asText().equals("NG-FC-001-HF-002")).findFirst()
                    .orElseThrow();
            assertThat(unlocated.path("data").has("latitude")).isFalse();
            // The LGA store supplies its LGA: the zone's catchment population × 3.5 % surviving infants; the LGA's health
            // facilities share that population and get none (docs/openlmis-connector.md#target-population).
            long lgaPopulation = SimulatedData.catchmentPopulation(Geography.nigeria().area("NG-FC-001").orElseThrow());
            assertThat(lgaStore.path("data").path("targetPopulation").asLong()).isEqualTo(Math.round(lgaPopulation * 0.035));
            assertThat(unlocated.path("data").has("targetPopulation")).isFalse();
            assertThat(ofType(referenceEvents, EventTypes.REFERENCE_LOT)).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.path("data").path("expiry").asText()).isNotEmpty());
        }
    }

    @Test
    @Order(2)
    void shouldPublishNothingWhenOpenLmisHasNotChanged() {
        JsonPath run = syncAndWait();

        assertThat(run.getString("status")).isEqualTo("COMPLETED");
        assertThat(run.getLong("stockEvents")).isZero();
        assertThat(run.getLong("referenceEvents")).isZero();
        assertThat(run.getLong("cardsRead")).isEqualTo(allCards().size());
        assertThat(simulator.stat("requests /api/facilities/{id}")).as("no facility changed: none read again").isZero();
    }

    @Test
    @Order(3)
    void shouldPublishOnePhysicalCountForTheCardThatChanged() {
        SimulatedData.Card card = changeACard(0, 7);
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getLong("stockEvents")).isEqualTo(1);
            JsonNode event = awaitEvent(stock, eventId(card));
            assertThat(event.path("data").path("quantity").asLong()).isEqualTo(7);
            assertThat(event.path("subject").asText()).isEqualTo(simulator.data().facilityCode(card.facilityId()));
        }
    }

    @Test
    @Order(4)
    void shouldPublishReceiptsIssuesAndAdjustmentsFromTheCardsLineItemsBeforeItsCount() {
        SimulatedData.Card card = allCards().stream().filter(c -> c.lotId() != null).skip(2).findFirst().orElseThrow();
        simulator.data().recordMovement(card, "receipt", 100);
        simulator.data().recordMovement(card, "consumption", 20);
        simulator.data().recordMovement(card, "Expired", 5);
        simulator.data().recordMovement(card, "Lost", 2);
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getLong("stockEvents")).isEqualTo(5);
            Map<String, JsonNode> events = awaitDistinct(stock, 5);
            assertThat(events.values()).extracting(e -> e.path("type").asText()).containsExactlyInAnyOrder(
                    StockEventType.RECEIPT.cloudEventType(), StockEventType.CONSUMPTION.cloudEventType(),
                    StockEventType.DISCARD.cloudEventType(), StockEventType.ADJUSTMENT.cloudEventType(),
                    StockEventType.PHYSICAL_COUNT.cloudEventType());
            assertThat(events.values()).allSatisfy(e -> assertThat(ContractSchemas.violations(EventJson.write(e))).isEmpty());
            JsonNode discard = events.values().stream().filter(e -> e.path("type").asText().equals(StockEventType.DISCARD.cloudEventType()))
                    .findFirst().orElseThrow();
            assertThat(discard.path("data").path("reason").asText()).isEqualTo("EXPIRED");
            assertThat(discard.path("data").path("quantity").asLong()).isEqualTo(5);
            assertThat(events.get(eventId(card)).path("data").path("quantity").asLong()).isEqualTo(card.stockOnHand());
        }
        assertThat(syncAndWait().getLong("stockEvents")).as("line items are published once").isZero();
    }

    @Test
    @Order(5)
    void shouldReauthenticateOnceWhenTheTokenExpiresMidSync() {
        SimulatedData.Card card = changeACard(1, 11);
        long tokensBefore = simulator.stat("tokensIssued password");
        simulator.faults(Faults.none().withTokensExpiringAfter(40));
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED");
            assertThat(simulator.stat("401")).isEqualTo(1);
            assertThat(simulator.stat("tokensIssued password")).isEqualTo(tokensBefore + 1);
            awaitEvent(stock, eventId(card));
        }
    }

    @Test
    @Order(6)
    void shouldWaitOutRetryAfterWhenThrottled() {
        SimulatedData.Card card = changeACard(2, 12);
        simulator.faults(Faults.none().withTooManyRequests(3, 1));
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED");
            assertThat(simulator.stat("429")).isEqualTo(3);
            assertThat(simulator.stat("retryAfterIgnored")).as("requests sent before Retry-After had passed").isZero();
            awaitEvent(stock, eventId(card));
        }
    }

    @Test
    @Order(7)
    void shouldRetryThroughARunOfServerErrorsAndSlowResponses() {
        SimulatedData.Card card = changeACard(3, 13);
        simulator.faults(Faults.none().withServerErrors(4, 30).withSlowRequests(2, 2_500));
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED");
            assertThat(simulator.stat("5xx")).isEqualTo(4);
            assertThat(simulator.stat("slow")).isEqualTo(2);
            awaitEvent(stock, eventId(card));
        }
    }

    @Test
    @Order(8)
    void shouldReadAPageSetAgainWhenItShiftsUnderThePaging() {
        simulator.faults(Faults.none().withPagesShiftingOnce());
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED");
            assertThat(simulator.stat("pagesShifted")).isEqualTo(1);
            // The card that appeared mid-paging moved its summary to page 0, past the reader: it is still published.
            SimulatedData.Card added = simulator.data().addedCards().get(0);
            awaitEvent(stock, eventId(added));
            assertThat(run.getLong("stockEvents")).isEqualTo(1);
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("vaxtrace_connector_errors_total{reason=\"page-set-shifted\"}"));
    }

    @Test
    @Order(9)
    void shouldGetATokenWithTheClientCredentialsGrant() {
        OpenLmis.TokenResponse token = tokens.request(TokenProvider.Grant.CLIENT_CREDENTIALS);

        assertThat(simulator.stat("tokensIssued client_credentials")).isEqualTo(1);
        given().baseUri(simulator.baseUrl()).header("Authorization", "Bearer " + token.accessToken())
                .get("/api/programs").then().statusCode(200).body("code", org.hamcrest.Matchers.hasItem("PRG004"));
    }

    @Test
    @Order(10)
    void shouldAnswerProblemsForBadOrUnknownRunIds() {
        given().header("Authorization", TestIssuer.bearer(Roles.ANALYST, null)).get("/api/v1/sync/not-a-run").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
        given().header("Authorization", TestIssuer.bearer(Roles.ANALYST, null)).get("/api/v1/sync/1b7b6f7e-8c1e-4a59-9d1e-3c5a2e0f9b11")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @Order(11)
    void shouldLetOnlyAdministratorsStartASyncAndOnlyNationalReadersWatchIt() {
        given().get("/api/v1/sync").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer not.a.token").get("/api/v1/sync").then().statusCode(401);
        given().header("Authorization", TestIssuer.bearer(Roles.STATE_OFFICER, "NG-KN")).get("/api/v1/sync")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", TestIssuer.bearer(Roles.NATIONAL_OFFICER, null)).get("/api/v1/sync").then().statusCode(200);
        for (String role : new String[] { Roles.NATIONAL_OFFICER, Roles.ANALYST }) {
            given().header("Authorization", TestIssuer.bearer(role, null)).post("/api/v1/sync").then().statusCode(403)
                    .contentType("application/problem+json");
        }
    }

    @Test
    @Order(12)
    void shouldFailOpenTheBreakerAndThenResumeTheRunWhereItStopped() {
        SimulatedData.Card late = changeACard(allCards().size() - 1, 17);
        // Reference data and a few facilities get through, then OpenLMIS fails for good.
        simulator.faults(Faults.none().withServerErrors(1_000_000, 40));
        JsonPath failed = syncAndWait();

        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getString("error")).contains("beyond the outage budget of 8 s");
        assertThat(failed.getLong("outageSeconds")).isGreaterThanOrEqualTo(5);
        assertThat(failed.getInt("facilitiesDone")).isPositive().isLessThan(failed.getInt("facilitiesTotal"));
        // Readiness names the breaker's state; it is OPEN right after the failure, but may already be half-open on a
        // slow machine by the time this is asked, so only its presence is checked here.
        given().get("/q/health").then()
                .body("checks.find { it.name == 'OpenLMIS' }.data.circuitBreaker", oneOf("OPEN", "HALF_OPEN", "CLOSED"));

        simulator.reset();
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            // Each attempt resumes the failed run; the first ones may still meet the open breaker.
            JsonPath resumed = syncAndWait();
            assertThat(resumed.getString("status")).isEqualTo("COMPLETED");
            assertThat(resumed.getString("id")).isEqualTo(failed.getString("id"));
            assertThat(resumed.getString("startedAt")).isEqualTo(failed.getString("startedAt"));
            assertThat(resumed.getInt("attempts")).isEqualTo(failed.getInt("attempts") + 1);
            assertThat(resumed.getString("resumedAt")).isNotNull();
            assertThat(resumed.getString("resumedBy")).isEqualTo("api:" + Roles.ADMIN);
            assertThat(resumed.getInt("resumedFrom")).isEqualTo(failed.getInt("facilitiesDone"));
            assertThat(resumed.getInt("facilitiesDone")).isEqualTo(resumed.getInt("facilitiesTotal"));
            awaitEvent(stock, eventId(late));
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(13)
    void shouldRideOutAnOutageOfSeveralSecondsAndCarryOnWhereItWas() {
        SimulatedData.Card card = changeACard(5, 21);
        // The whole gateway answers 503 for 3 s (token endpoint included), a while into the run; the budget is 8 s.
        simulator.faults(Faults.none().withOutage(3_000, 30));
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED");
            assertThat(run.getInt("attempts")).isEqualTo(1);
            assertThat(run.getLong("outageSeconds")).isPositive();
            assertThat(run.getInt("facilitiesDone")).isEqualTo(run.getInt("facilitiesTotal"));
            assertThat(simulator.stat("outageStarted")).isEqualTo(1);
            awaitEvent(stock, eventId(card));
        }
    }

    @Test
    @Order(14)
    void shouldHonourRetryAfterOnTheTokenEndpoint() {
        simulator.revokeTokens();
        simulator.faults(Faults.none().withTokenTooManyRequests(2, 1));

        JsonPath run = syncAndWait();

        assertThat(run.getString("status")).isEqualTo("COMPLETED");
        assertThat(simulator.stat("token429")).isEqualTo(2);
        assertThat(simulator.stat("retryAfterIgnored")).as("requests sent before Retry-After had passed").isZero();
    }

    @Test
    @Order(15)
    void shouldEndTheRunWithTheTokenEndpointsOwnMessageWhenItRefusesTheCredentials() {
        simulator.revokeTokens();
        simulator.faults(Faults.none().withLoginsRejected());

        JsonPath run = syncAndWait();

        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("Bad credentials").contains("invalid_grant").doesNotContain("ircuit");
        assertThat(simulator.stat("tokenRequests")).as("refused credentials are not retried").isEqualTo(1);
    }

    @Test
    @Order(16)
    void shouldReadEveryCardWhenTheServerCapsThePageSize() {
        simulator.faults(Faults.none().withMaxPageSize(2));

        JsonPath run = syncAndWait();

        assertThat(run.getString("status")).isEqualTo("COMPLETED");
        assertThat(run.getLong("cardsRead")).isEqualTo(allCards().size());
        assertThat(simulator.stat("pageSizeCapped")).isPositive();
    }

    @Test
    @Order(17)
    void shouldCatchUpNextTimeWithStockThatMovedWhileItsSummariesWereRead() {
        simulator.faults(Faults.none().withStockMovingDuringReading());
        assertThat(syncAndWait().getString("status")).isEqualTo("COMPLETED");
        assertThat(simulator.stat("stockMovedDuringReading")).isEqualTo(1);
        SimulatedData.Card moved = simulator.data().card(simulator.movedDuringReading());
        simulator.reset();
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath next = syncAndWait();

            JsonNode count = awaitEvent(stock, eventId(moved));
            assertThat(count.path("data").path("quantity").asLong()).isEqualTo(moved.stockOnHand());
            assertThat(next.getLong("stockEvents")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    @Order(18)
    void shouldAcceptASyncStartedByAnAdministratorWithALongUsername() {
        String bearer = "Bearer " + TestIssuer.shared().token("administrator.of.the.national.programme", Roles.ADMIN, null, Duration.ofMinutes(5));

        String id = given().header("Authorization", bearer).post("/api/v1/sync").then().statusCode(202).extract().path("id");
        await().atMost(SYNC_TIMEOUT).until(() -> !"RUNNING".equals(run(id).getString("status")));

        assertThat(run(id).getString("trigger")).isEqualTo("api:administrator.of.the.national.programme");
    }

    @Test
    @Order(19)
    void shouldSyncFacilitiesItCannotPlaceToTheirStateOrQuarantineThemAndSaySo() {
        String atState = simulator.data().addFacility("NG-FC-HF-KUBWA", "Kubwa General Hospital", "NG-FC", "Kubwa Satellite Town");
        String lost = simulator.data().addFacility("XX-HF-0001", "Bakassi Peninsula PHC", null, "Bakassi Peninsula Territory");
        try (TopicProbe reference = probe(Topics.REFERENCE_DATA); TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath run = syncAndWait();

            assertThat(run.getString("status")).isEqualTo("COMPLETED_WITH_WARNINGS");
            assertThat(run.getInt("facilitiesUnplaced")).isEqualTo(2);
            assertThat(run.getString("error")).contains("/unplaced");
            List<Map<String, Object>> unplaced = given().header("Authorization", TestIssuer.bearer(Roles.NATIONAL_OFFICER, null))
                    .get("/api/v1/sync/" + run.getString("id") + "/unplaced").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(unplaced).extracting(u -> u.get("openlmisId"), u -> u.get("outcome"), u -> u.get("stateCode")).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(atState, "PLACED_AT_STATE", "NG-FC"),
                    org.assertj.core.groups.Tuple.tuple(lost, "QUARANTINED", null));
            assertThat(unplaced).allSatisfy(u -> assertThat((String) u.get("reason")).isNotBlank());
            JsonNode facility = awaitEvent(reference, e -> e.path("data").path("code").asText().equals("NG-FC-HF-KUBWA"));
            assertThat(facility.path("data").path("stateCode").asText()).isEqualTo("NG-FC");
            assertThat(facility.path("data").has("lgaCode")).isFalse();
            // Its stock is synced like any other facility's.
            SimulatedData.Card card = simulator.data().cards(atState).get(0);
            awaitEvent(stock, eventId(card));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("vaxtrace_connector_unplaced_facilities{outcome=\"placed-at-state\"} 1.0"))
                .body(containsString("vaxtrace_connector_unplaced_facilities{outcome=\"quarantined\"} 1.0"));
    }

    @Test
    @Order(20)
    void shouldBackOffTellTheTruthAndKeepItsPlaceThroughAPermanent401StormThenRecoverByItself() {
        // A sync with nothing new: how many requests the reference data takes before the facilities' pages.
        syncAndWait();
        simulator.reset();
        JsonPath quiet = syncAndWait();
        assertThat(quiet.getString("status")).startsWith("COMPLETED"); // with warnings once unplaced facilities exist (19)
        long summaries = simulator.stat("requests /api/v2/stockCardSummaries");
        long referenceRequests = simulator.stat("requests") - summaries;
        List<SimulatedData.Card> cards = allCards();
        changeACard(0, 31);
        changeACard(cards.size() - 1, 32);
        simulator.reset();
        // The connector's account is revoked half-way through the facilities: every token, new ones too, gets 401.
        simulator.faults(Faults.none().withUnauthorizedAfter((int) (referenceRequests + summaries / 2)));
        try (TopicProbe stock = probe(Topics.STOCK_EVENTS)) {
            JsonPath failed = syncAndWait();

            assertThat(failed.getString("status")).isEqualTo("FAILED");
            assertThat(failed.getString("error")).contains("refused a freshly issued token").contains("HTTP 401");
            assertThat(failed.getInt("facilitiesDone")).isPositive().isLessThan(failed.getInt("facilitiesTotal"));
            assertThat(simulator.stat("401")).as("one refusal, one re-authentication, one refusal: then it stops").isEqualTo(2);
            assertThat(simulator.stat("tokenRequests")).isEqualTo(1);
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'OpenLMIS' }.data.credentials", equalTo("REFUSED"))
                    .body("checks.find { it.name == 'OpenLMIS' }.data.credentialsError", containsString("HTTP 401"))
                    .body("checks.find { it.name == 'OpenLMIS' }.data.nextAttempt", org.hamcrest.Matchers.notNullValue());
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("vaxtrace_connector_openlmis_credentials_refused 1.0"))
                    .body(containsString("vaxtrace_connector_errors_total{reason=\"openlmis-credentials-refused\"}"));

            // Backing off: the schedule fires, nothing is asked of OpenLMIS.
            long requests = simulator.stat("requests") + simulator.stat("tokenRequests");
            schedule.tick();
            assertThat(simulator.stat("requests") + simulator.stat("tokenRequests")).isEqualTo(requests);
            assertThat(latestRun().getString("status")).isEqualTo("FAILED");

            // Once the pause is over, one attempt (the same run resumed) meets the same refusal; the next pause is longer.
            await().atMost(Duration.ofSeconds(5)).until(credentials::mayAttempt);
            schedule.tick();
            await().atMost(SYNC_TIMEOUT).until(() -> "FAILED".equals(latestRun().getString("status")) && latestRun().getInt("attempts") == 2);
            assertThat(latestRun().getString("id")).isEqualTo(failed.getString("id"));
            assertThat(simulator.stat("401")).isEqualTo(4);
            Credentials.Refusal second = credentials.refusal().orElseThrow();
            assertThat(second.refusals()).isEqualTo(2);
            assertThat(Duration.between(second.since(), second.nextAttempt())).isGreaterThan(Duration.ofSeconds(4));

            // The account is restored: the schedule's next attempt resumes the run where it stopped, by itself.
            simulator.reset();
            String id = failed.getString("id");
            await().atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (run(id).getString("status").startsWith("COMPLETED")) {
                    return true;
                }
                schedule.tick(); // the schedule firing (off in tests): skipped while the pause runs, else resumes the run
                return false;
            });
            JsonPath resumed = run(id);
            assertThat(resumed.getString("id")).isEqualTo(failed.getString("id"));
            assertThat(resumed.getInt("attempts")).isEqualTo(3);
            assertThat(resumed.getString("resumedBy")).isEqualTo("schedule");
            assertThat(resumed.getInt("resumedFrom")).isEqualTo(failed.getInt("facilitiesDone"));
            // Nothing lost, nothing published twice (awaitDistinct checks every event arrived once).
            // (after test 19 the last card may be the quarantined facility's, never synced: the counts are checked, not ids)
            assertThat(awaitDistinct(stock, (int) resumed.getLong("stockEvents"))).hasSizeGreaterThanOrEqualTo(1);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'OpenLMIS' }.data.credentials", equalTo("ACCEPTED"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("vaxtrace_connector_openlmis_credentials_refused 0.0"));
    }

    // ---- helpers

    private static JsonPath latestRun() {
        return given().header("Authorization", TestIssuer.bearer(Roles.NATIONAL_OFFICER, null)).get("/api/v1/sync").then().statusCode(200)
                .extract().jsonPath().setRootPath("[0]");
    }

    private List<SimulatedData.Card> allCards() {
        return simulator.data().facilities().stream().flatMap(f -> simulator.data().cards((String) f.get("id")).stream()).toList();
    }

    private SimulatedData.Card changeACard(int index, long stockOnHand) {
        SimulatedData.Card card = allCards().get(index);
        simulator.setStockOnHand(card.id(), stockOnHand);
        return card;
    }

    private static String eventId(SimulatedData.Card card) {
        return StockCards.eventId(new StockCards.CardRead(card.id(), null, null, card.lotId(), card.stockOnHand(), card.occurredDate()));
    }

    private static TopicProbe probe(String topic) {
        return new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), topic);
    }

    private static JsonPath syncAndWait() {
        String id = given().header("Authorization", TestIssuer.bearer(Roles.ADMIN, null)).post("/api/v1/sync").then().statusCode(202).extract().path("id");
        await().atMost(SYNC_TIMEOUT).until(() -> !"RUNNING".equals(run(id).getString("status")));
        return run(id);
    }

    private static JsonPath run(String id) {
        return given().header("Authorization", TestIssuer.bearer(Roles.NATIONAL_OFFICER, null)).get("/api/v1/sync/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until {@code count} distinct event ids have arrived; returns them by id. */
    private static Map<String, JsonNode> awaitDistinct(TopicProbe probe, int count) {
        Map<String, JsonNode> events = new ConcurrentHashMap<>();
        probe.await(record -> {
            JsonNode event = EventJson.tree(record.value());
            events.put(event.path("id").asText(), event);
            return events.size() >= count;
        }, Duration.ofSeconds(15));
        assertThat(probe.seen()).as("each event published once").hasSize(events.size());
        return events;
    }

    private static JsonNode awaitEvent(TopicProbe probe, java.util.function.Predicate<JsonNode> which) {
        ConsumerRecord<String, String> record = probe.await(r -> which.test(EventJson.tree(r.value())), Duration.ofSeconds(15));
        return EventJson.tree(record.value());
    }

    private static JsonNode awaitEvent(TopicProbe probe, String id) {
        ConsumerRecord<String, String> record = probe.await(r -> EventJson.tree(r.value()).path("id").asText().equals(id),
                Duration.ofSeconds(15));
        return EventJson.tree(record.value());
    }

    private static List<JsonNode> ofType(Map<String, JsonNode> events, String type) {
        return events.values().stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }
}
