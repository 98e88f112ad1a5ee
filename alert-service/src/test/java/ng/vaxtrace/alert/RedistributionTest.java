package ng.vaxtrace.alert;

import static ng.vaxtrace.alert.AlertTestSupport.as;
import static ng.vaxtrace.alert.AlertTestSupport.asNational;
import static ng.vaxtrace.alert.AlertTestSupport.publishLevel;
import static ng.vaxtrace.alert.AlertTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import ng.vaxtrace.alert.rest.TransferResource;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.ContractSchemas;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.Topics;
import ng.vaxtrace.contracts.TransferSuggestion;
import ng.vaxtrace.security.Roles;
import ng.vaxtrace.testing.InfraTestResource;
import ng.vaxtrace.testing.TopicProbe;
import ng.vaxtrace.testing.TopicWriter;

/**
 * Levels published as stock-service publishes them become transfer suggestions: a stocked-out Kano facility gets what
 * a donor in its LGA can spare (earliest-expiring lot first, the donor kept at its minimum), the rest from another LGA
 * of Kano, nothing from Lagos; each caller sees the transfers of its own area; the changes are published on
 * vaxtrace.transfers.v1.
 */
@QuarkusTest
@WithTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "vaxtrace_alert"))
class RedistributionTest {

    private static final FacilityArea KANO_018 = new FacilityArea("NG-NW", "NG-KN", "NG-KN-018");
    private static final LocalDate SOON = LocalDate.now().plusMonths(3);
    private static final LocalDate LATER = LocalDate.now().plusMonths(12);

    private static String product;
    private static String stockedOut;
    private static String donorInLga;
    private static String donorInState;
    private static String donorInLagos;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void publishLevels() {
        if (product != null) {
            return;
        }
        String p = unique("P");
        stockedOut = unique("NG-KN-017-HF");
        donorInLga = unique("NG-KN-017-HF");
        donorInState = unique("NG-KN-018-HF");
        donorInLagos = unique("NG-LA-001-HF");
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            // AMC 400 doses a month; min 0.25 and max 1.25 months: 100 and 500 doses.
            publishLevel(writer, stockedOut, AlertTestSupport.KANO, p, "", 0, 0, metrics("0", "STOCKED_OUT"), null, null, now);
            // 520 doses in two lots (1.3 months, above max): 420 to spare above its minimum of 100.
            publishLevel(writer, donorInLga, AlertTestSupport.KANO, p, "LOT-LATER", 220, 220, metrics("0.55", "WITHIN_RANGE"), LATER, null, now);
            publishLevel(writer, donorInLga, AlertTestSupport.KANO, p, "LOT-SOON", 300, 520, metrics("1.3", "ABOVE_MAX"), SOON, null, now);
            publishLevel(writer, donorInState, KANO_018, p, "", 0, 2000, metrics("5", "ABOVE_MAX"), null, null, now);
            publishLevel(writer, donorInLagos, AlertTestSupport.LAGOS, p, "", 0, 9000, metrics("22.5", "ABOVE_MAX"), null, null, now);
        }
        product = p;
    }

    @Test
    void shouldSuggestTheLgaDonorsEarliestLotsThenTheRestFromElsewhereInTheState() {
        JsonPath page = await().atMost(AlertTestSupport.WAIT).until(() -> asNational().queryParam("product", product)
                .get("/api/v1/transfers/suggestions").then().statusCode(200).extract().jsonPath(), p -> p.getInt("total") == 2);

        assertThat(page.getString("computedAt")).isNotBlank();
        assertThat(page.getList("items.to.facilityCode")).containsOnly(stockedOut);
        assertThat(page.getList("items.from.facilityCode")).containsExactly(donorInLga, donorInState);
        assertThat(page.getList("items.doses", Long.class)).containsExactly(420L, 80L);
        assertThat(page.getList("items.reach")).containsExactly("SAME_LGA", "SAME_STATE");
        assertThat(page.getList("items.need")).containsOnly("STOCKED_OUT");
        // Earliest expiry first: all 300 of the lot expiring soon, then 120 of the later one.
        assertThat(page.getList("items[0].lots", Map.class)).containsExactly(
                Map.of("lotCode", "LOT-SOON", "doses", 300, "expiry", SOON.toString()),
                Map.of("lotCode", "LOT-LATER", "doses", 120, "expiry", LATER.toString()));
    }

    @Test
    void shouldDownloadTheSuggestionsAsCsvForSpreadsheets() {
        await().atMost(AlertTestSupport.WAIT).until(() -> donorsSeenBy(Roles.NATIONAL_OFFICER, null).size() == 2);

        String csv = as(Roles.STATE_OFFICER, "NG-KN").queryParam("product", product).queryParam("format", "csv")
                .get("/api/v1/transfers/suggestions").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("transfer-suggestions-NG-KN.csv")).extract().asString();

        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", TransferResource.CSV_HEADER));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(product + "," + donorInLga + ",NG-KN-017,NG-KN," + stockedOut + ",NG-KN-017,NG-KN,STOCKED_OUT,420,")
                .contains(",SAME_LGA,LOT-SOON:300:" + SOON + "; LOT-LATER:120:" + LATER + ",");
        assertThat(lines.get(2)).startsWith(product + "," + donorInState + ",NG-KN-018,NG-KN,").contains(",80,").contains(",SAME_STATE,");
        as(Roles.STATE_OFFICER, "NG-LA").queryParam("area", "NG-KN").queryParam("format", "csv").get("/api/v1/transfers/suggestions")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void shouldShowEachCallerTheTransfersOfItsOwnAreaOnly() {
        await().atMost(AlertTestSupport.WAIT).until(() -> donorsSeenBy(Roles.NATIONAL_OFFICER, null).size() == 2);

        assertThat(donorsSeenBy(Roles.STATE_OFFICER, "NG-KN")).containsExactly(donorInLga, donorInState);
        assertThat(donorsSeenBy(Roles.LGA_OFFICER, "NG-KN-018")).containsExactly(donorInState);
        assertThat(donorsSeenBy(Roles.STATE_OFFICER, "NG-LA")).isEmpty();
        assertThat(donorsSeenBy(Roles.ANALYST, null)).hasSize(2);
        assertThat(donorsSeenBy(Roles.FACILITY_OFFICER, stockedOut)).hasSize(2);
        assertThat(donorsSeenBy(Roles.FACILITY_OFFICER, donorInLagos)).isEmpty();

        as(Roles.STATE_OFFICER, "NG-LA").queryParam("area", "NG-KN").get("/api/v1/transfers/suggestions").then().statusCode(403)
                .contentType("application/problem+json");
        as(Roles.STATE_OFFICER, "NG-KN").queryParam("area", "NG-XX").get("/api/v1/transfers/suggestions").then().statusCode(400)
                .contentType("application/problem+json");
        as(Roles.STATE_OFFICER, "NG-KN").queryParam("limit", "0").get("/api/v1/transfers/suggestions").then().statusCode(400);
        RestAssured.given().get("/api/v1/transfers/suggestions").then().statusCode(401);
    }

    /**
     * Each suggestion is published once on vaxtrace.transfers.v1 (not again with every plan), conforming to its schema,
     * keyed by the receiver; when the receiver is restocked the suggestion is withdrawn with the next version.
     */
    @Test
    void shouldPublishEachSuggestionOnceAndWithdrawItWhenTheReceiverIsRestocked() {
        String p = unique("P");
        String receiver = unique("NG-KN-017-HF");
        String donor = unique("NG-KN-017-HF");
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrap); TopicProbe transfers = new TopicProbe(bootstrap, Topics.TRANSFERS)) {
            publishLevel(writer, receiver, AlertTestSupport.KANO, p, "", 0, 0, metrics("0", "STOCKED_OUT"), null, null, now);
            publishLevel(writer, donor, AlertTestSupport.KANO, p, "", 0, 2000, metrics("5", "ABOVE_MAX"), null, null, now);

            ConsumerRecord<String, String> suggested = transfers.await(r -> r.key().equals(receiver), AlertTestSupport.WAIT);
            CloudEvent<TransferSuggestion> event = EventJson.read(suggested.value(), EventJson.TRANSFER);
            assertThat(ContractSchemas.violations(suggested.value())).isEmpty();
            assertThat(event.type()).isEqualTo(EventTypes.TRANSFER_SUGGESTED);
            assertThat(event.data().suggestionId()).isEqualTo(p + "/" + donor + "/" + receiver);
            assertThat(event.data().version()).isEqualTo(1);
            assertThat(event.data().doses()).isEqualTo(500); // up to its maximum: 1.25 × 400
            assertThat(event.data().from().lgaCode()).isEqualTo("NG-KN-017");

            // Two more plans later (computedAt moves on), still that one event for the receiver.
            Instant published = event.data().computedAt();
            await().atMost(AlertTestSupport.WAIT).until(() -> Instant.parse(asNational().queryParam("product", p)
                    .get("/api/v1/transfers/suggestions").then().statusCode(200).extract().jsonPath().getString("computedAt"))
                    .isAfter(published.plusSeconds(2)));
            assertThat(transfers.seen()).filteredOn(r -> r.key().equals(receiver)).hasSize(1);

            publishLevel(writer, receiver, AlertTestSupport.KANO, p, "", 300, 300, metrics("0.75", "WITHIN_RANGE"), null, null, Instant.now());
            ConsumerRecord<String, String> withdrawn = transfers.await(r -> r.key().equals(receiver)
                    && EventJson.read(r.value(), EventJson.TRANSFER).type().equals(EventTypes.TRANSFER_WITHDRAWN), AlertTestSupport.WAIT);
            assertThat(ContractSchemas.violations(withdrawn.value())).isEmpty();
            TransferSuggestion last = EventJson.read(withdrawn.value(), EventJson.TRANSFER).data();
            assertThat(last.version()).isEqualTo(2);
            assertThat(last.status()).isEqualTo(TransferSuggestion.WITHDRAWN);
            assertThat(last.doses()).isEqualTo(500);
        }
    }

    @Test
    void shouldPlanWithTheMinAndMaxStockOfTheTargetPopulationWhereStockServiceSendsThem() {
        // docs/domain-rules.md §6, I9: min/max stock 100/500 doses from the target population (v1.5). The receiver has 60
        // doses and no AMC (left out on months); the donor 900 with an AMC of 800 (1.1 months: nothing to spare on months,
        // 400 above its max of 500 by the need). The receiver is filled up to 500, the donor kept at its min of 100.
        String p = unique("P");
        String receiver = unique("NG-KN-017-HF");
        String donor = unique("NG-KN-017-HF");
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            publishLevel(writer, receiver, AlertTestSupport.KANO, p, "", 0, 60,
                    new LevelMetrics(null, null, "BELOW_MIN", 0, 0.25, 1.25, null, null, null, 100L, 500L), null, null, now);
            publishLevel(writer, donor, AlertTestSupport.KANO, p, "", 0, 900,
                    new LevelMetrics(800L, new BigDecimal("1.13"), "ABOVE_MAX", 0, 0.25, 1.25, null, null, null, 100L, 500L), null, null, now);
        }
        JsonPath page = await().atMost(AlertTestSupport.WAIT).until(() -> asNational().queryParam("product", p)
                .get("/api/v1/transfers/suggestions").then().statusCode(200).extract().jsonPath(), j -> j.getInt("total") == 1);
        assertThat(page.getString("items[0].from.facilityCode")).isEqualTo(donor);
        assertThat(page.getString("items[0].to.facilityCode")).isEqualTo(receiver);
        assertThat(page.getLong("items[0].doses")).isEqualTo(440L);
        assertThat(page.getString("items[0].need")).isEqualTo("BELOW_MIN");
    }

    private static List<String> donorsSeenBy(String role, String area) {
        return as(role, area).queryParam("product", product).get("/api/v1/transfers/suggestions").then().statusCode(200)
                .extract().jsonPath().getList("items.from.facilityCode", String.class);
    }

    private static LevelMetrics metrics(String monthsOfStock, String status) {
        return new LevelMetrics(400L, new BigDecimal(monthsOfStock), status, 0, 0.25, 1.25);
    }
}
