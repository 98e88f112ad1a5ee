package ng.vaxtrace.openlmis.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ng.vaxtrace.contracts.EventJson;

/** The simulator answers as OpenLMIS does: OAuth with Basic client auth, Spring pages, v2 summaries, errors, faults. */
class OpenLmisSimulatorTest {

    private static OpenLmisSimulator simulator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        simulator = new OpenLmisSimulator(0, 42, 2, Set.of("NG-FC")).start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    @Test
    void shouldIssueATokenForThePasswordGrantWithBasicClientCredentials() throws Exception {
        HttpResponse<String> response = token("user-client:changeme", "grant_type=password&username=administrator&password=password");

        JsonNode token = EventJson.tree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(token.path("token_type").asText()).isEqualTo("bearer");
        assertThat(token.path("expires_in").asInt()).isEqualTo(1799);
        assertThat(token.path("username").asText()).isEqualTo("administrator");
    }

    @Test
    void shouldRefuseAnUnknownClientOrAWrongPassword() throws Exception {
        assertThat(token("user-client:wrong", "grant_type=password&username=administrator&password=password").statusCode()).isEqualTo(401);
        HttpResponse<String> badUser = token("user-client:changeme", "grant_type=password&username=administrator&password=nope");
        assertThat(badUser.statusCode()).isEqualTo(400);
        assertThat(EventJson.tree(badUser.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(token("user-client:changeme", "grant_type=client_credentials").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer401WithoutAValidToken() throws Exception {
        assertThat(get("/api/facilities", "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldPageSummariesAndListTradeItemCardsTwice() throws Exception {
        String bearer = clientToken();
        String facilityId = EventJson.tree(get("/api/facilities?page=0&size=1", bearer).body()).path("content").get(0).path("id").asText();
        Set<String> cards = new HashSet<>();
        int entries = 0;
        JsonNode page;
        int number = 0;
        do {
            page = EventJson.tree(get("/api/v2/stockCardSummaries?facilityId=" + facilityId + "&page=" + number++ + "&size=4", bearer).body());
            for (JsonNode summary : page.path("content")) {
                for (JsonNode entry : summary.path("canFulfillForMe")) {
                    cards.add(entry.path("stockCard").path("id").asText());
                    entries++;
                }
            }
        } while (!page.path("last").asBoolean());

        assertThat(page.path("totalPages").asInt()).isEqualTo(number);
        assertThat(cards).hasSize(simulator.data().cards(facilityId).size());
        assertThat(entries).as("vaccine cards appear under the commodity type and the trade item").isGreaterThan(cards.size());
    }

    @Test
    void shouldRefuseSummariesWithoutFacilityOrWithPageButNoSize() throws Exception {
        String bearer = clientToken();

        HttpResponse<String> noFacility = get("/api/v2/stockCardSummaries", bearer);
        assertThat(noFacility.statusCode()).isEqualTo(400);
        assertThat(EventJson.tree(noFacility.body()).path("messageKey").asText()).isEqualTo("stockmanagement.error.facility.id.missing");
        assertThat(get("/api/v2/stockCardSummaries?facilityId=x&page=0", bearer).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldServeTheFaultsThatWereSwitchedOn() throws Exception {
        String bearer = clientToken();
        simulator.faults(Faults.none().withTooManyRequests(1, 3).withServerErrors(1, 0));

        HttpResponse<String> throttled = get("/api/programs", bearer);
        HttpResponse<String> failed = get("/api/programs", bearer);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("3");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(get("/api/programs", bearer).statusCode()).isEqualTo(200);
        assertThat(simulator.stat("retryAfterIgnored")).as("requests sent within Retry-After are counted, not refused").isEqualTo(2);
    }

    @Test
    void shouldLookLikeAStandardInstanceInItsProgramsZonesAndFacilityList() throws Exception {
        String bearer = clientToken();

        JsonNode programs = EventJson.tree(get("/api/programs", bearer).body());
        JsonNode zones = EventJson.tree(get("/api/geographicZones", bearer).body()).path("content");
        JsonNode listed = EventJson.tree(get("/api/facilities?page=0&size=1", bearer).body()).path("content").get(0);
        JsonNode full = EventJson.tree(get("/api/facilities/" + listed.path("id").asText(), bearer).body());

        assertThat(programs.findValuesAsText("code")).contains("PRG001", "PRG004");
        assertThat(zones.findValuesAsText("name")).contains("FCT", "Abuja Municipal", "Gwagwalda").doesNotContain("Abuja Municipal Area Council");
        assertThat(zones.findValuesAsText("code")).contains("fct-abuja-municipal").doesNotContain("NG-FC-002");
        assertThat(listed.has("location")).as("the list leaves the location out").isFalse();
        assertThat(full.path("location").path("coordinates")).hasSize(2);
    }

    @Test
    void shouldServeALinesHistoryAndRecordMovementsOnACard() throws Exception {
        String bearer = clientToken();
        SimulatedData.Card card = simulator.data().cards((String) simulator.data().facilities().get(0).get("id")).get(0);
        long before = card.stockOnHand();

        simulator.data().recordMovement(card, "Expired", 3);
        JsonNode lines = EventJson.tree(get("/api/stockCards/" + card.id(), bearer).body()).path("lineItems");

        assertThat(lines.size()).isGreaterThan(1);
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.path("reason").path("name").asText()).isEqualTo("Expired");
        assertThat(last.path("reason").path("reasonType").asText()).isEqualTo("DEBIT");
        assertThat(last.path("quantity").asLong()).isEqualTo(3);
        assertThat(last.path("stockOnHand").asLong()).isEqualTo(before - 3).isEqualTo(card.stockOnHand());
    }

    @Test
    void shouldCapPagesRefuseLoginsAndFailEverythingDuringAnOutage() throws Exception {
        String bearer = clientToken();
        simulator.faults(Faults.none().withMaxPageSize(3));
        JsonNode page = EventJson.tree(get("/api/facilities?page=0&size=100", bearer).body());
        assertThat(page.path("content")).hasSize(3);
        assertThat(page.path("size").asInt()).isEqualTo(3);

        simulator.faults(Faults.none().withLoginsRejected());
        HttpResponse<String> refused = token("user-client:changeme", "grant_type=password&username=administrator&password=password");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(EventJson.tree(refused.body()).path("error_description").asText()).isEqualTo("Bad credentials");

        simulator.faults(Faults.none().withOutage(60_000, 0).withTokenTooManyRequests(0, 1));
        assertThat(get("/api/programs", bearer).statusCode()).isEqualTo(503);
        assertThat(clientTokenStatus()).as("the token endpoint is down too").isEqualTo(503);

        simulator.faults(Faults.none().withTokenTooManyRequests(1, 2));
        HttpResponse<String> throttled = token("trusted-client:secret", "grant_type=client_credentials");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("2");
    }

    private static int clientTokenStatus() throws Exception {
        return token("trusted-client:secret", "grant_type=client_credentials").statusCode();
    }

    private static String clientToken() throws Exception {
        return EventJson.tree(token("trusted-client:secret", "grant_type=client_credentials").body()).path("access_token").asText();
    }

    private static HttpResponse<String> token(String client, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/oauth/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(client.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
