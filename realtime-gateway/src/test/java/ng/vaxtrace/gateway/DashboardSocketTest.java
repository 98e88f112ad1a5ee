package ng.vaxtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.testing.InfraTestResource;

@QuarkusTest
@WithTestResource(InfraTestResource.class)
class DashboardSocketTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI baseUri;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Feed feed;
    private final List<Dashboard> dashboards = new ArrayList<>();

    @BeforeEach
    void goLive() {
        feed = new Feed(bootstrap);
        feed.awaitLive(baseUri);
    }

    @AfterEach
    void closeAll() {
        dashboards.forEach(Dashboard::close);
        feed.close();
    }

    private Dashboard dashboard() {
        Dashboard dashboard = new Dashboard(baseUri);
        dashboards.add(dashboard);
        return dashboard;
    }

    private static Set<String> ids(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("id").asText()).collect(Collectors.toSet());
    }

    @Test
    void shouldRouteUpdatesByAreaAndProductFilterOnlyOnce() {
        FacilityArea lagos = Feed.area("NG-SW", "NG-LA-001");
        FacilityArea kano = Feed.area("NG-NW", "NG-KN-001");
        String inLagos = Feed.facility("NG-LA-001");
        String inKano = Feed.facility("NG-KN-001");
        Dashboard dashboard = dashboard();
        assertThat(dashboard.subscribeWith("{\"action\":\"subscribe\",\"room\":\"area:NG-LA\",\"changes\":true}").path("room").asText())
                .isEqualTo("state:NG-LA?changes=true");
        dashboard.subscribeWith("{\"action\":\"subscribe\",\"room\":\"zone:NG-SW\",\"product\":\"BCG\",\"changes\":true}");
        dashboard.subscribe("lga:NG-LA-001?changes=true"); // LGA rooms carry every change anyway: the same room
        dashboard.subscribe("national?changes=true");
        Dashboard counts = dashboard();
        counts.subscribe("national");

        String bcg = UUID.randomUUID().toString();
        feed.level(bcg, inLagos, lagos, "BCG", 40, "WITHIN_RANGE");
        feed.level(bcg, inLagos, lagos, "BCG", 40, "WITHIN_RANGE"); // redelivered: shown once
        String penta = feed.level(inLagos, lagos, "PENTA", 70, "WITHIN_RANGE");
        String elsewhere = feed.level(inKano, kano, "BCG", 10, "WITHIN_RANGE");
        await().atMost(SOON).until(() -> dashboard.changeIds("national?changes=true").contains(elsewhere));

        // State, zone and national rooms that ask for the changes get them batched (stock:batch); LGA rooms a frame each.
        assertThat(dashboard.changeIds("state:NG-LA?changes=true")).containsExactly(bcg, penta);
        assertThat(dashboard.of("stock:update", "lga:NG-LA-001")).extracting(f -> f.path("id").asText()).containsExactly(bcg, penta);
        assertThat(dashboard.changeIds("zone:NG-SW?product=BCG&changes=true")).containsExactly(bcg);
        assertThat(dashboard.changeIds("national?changes=true")).contains(bcg, penta, elsewhere);
        assertThat(dashboard.changeIds("national?changes=true")).filteredOn(bcg::equals).hasSize(1);
        assertThat(dashboard.changes("state:NG-LA?changes=true").get(0).path("productBalance").asLong()).isEqualTo(40);
        assertThat(dashboard.changes("state:NG-LA?changes=true").get(0).path("stateCode").asText()).isEqualTo("NG-LA");
        assertThat(dashboard.of("stock:update", "national?changes=true")).isEmpty();

        // The default national room: the Lagos counts follow (once a second), not the changes themselves.
        await().atMost(SOON).until(() -> counts.of("aggregate:update", "national").stream()
                .anyMatch(f -> f.path("data").path("areas").toString().contains("\"NG-LA\"")));
        assertThat(counts.changes("national")).isEmpty();
    }

    @Test
    void shouldCoalesceStatusChangesIntoOneMapUpdatePerFlush() {
        FacilityArea area = Feed.area("NG-NW", "NG-KN-002");
        String facility = Feed.facility("NG-KN-002");
        Dashboard dashboard = dashboard();
        dashboard.subscribe("lga:NG-KN-002");
        dashboard.subscribe("facility:" + facility);
        feed.level(facility, area, "MEASLES", 100, "WITHIN_RANGE");
        feed.level(facility, area, "MEASLES", 20, "BELOW_MIN");
        String last = feed.level(facility, area, "MEASLES", 0, "STOCKED_OUT");

        await().atMost(SOON).until(() -> dashboard.of("map:update", "lga:NG-KN-002").stream()
                .anyMatch(f -> f.path("data").path("markers").toString().contains("STOCKED_OUT")));
        List<JsonNode> markers = new ArrayList<>();
        dashboard.of("map:update", "lga:NG-KN-002").forEach(f -> f.path("data").path("markers").forEach(markers::add));
        // Per facility × product only the latest status of each flush: never more markers than status changes.
        assertThat(markers).hasSizeLessThanOrEqualTo(3).last()
                .satisfies(m -> assertThat(m.path("status").asText()).isEqualTo("STOCKED_OUT"));
        assertThat(ids(dashboard.of("stock:update", "lga:NG-KN-002"))).contains(last);
        await().atMost(SOON).until(() -> dashboard.of("facility:update", "facility:" + facility).stream()
                .anyMatch(f -> f.path("data").path("products").path(0).path("status").asText().equals("STOCKED_OUT")));
    }

    @Test
    void shouldSendTheRoomStateThenDeltasWithNoGapAndNoDuplicate() throws Exception {
        String lga = "NG-KT-001";
        FacilityArea area = Feed.area("NG-NW", lga);
        String facility = Feed.facility(lga);
        Dashboard witness = dashboard();
        witness.subscribe("facility:" + facility);
        String before = null;
        for (String product : List.of("BCG", "OPV", "PENTA")) {
            before = feed.level(facility, area, product, 500, "WITHIN_RANGE");
        }
        String seenBefore = before;
        await().atMost(SOON).until(() -> ids(witness.of("stock:update")).contains(seenBefore));

        // Changes keep flowing while the dashboard subscribes.
        AtomicBoolean publishing = new AtomicBoolean(true);
        List<String> during = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 40 && publishing.get(); i++) {
                during.add(feed.level(facility, area, i % 2 == 0 ? "BCG" : "OPV", 499 - i, "WITHIN_RANGE"));
            }
        });
        publisher.start();
        Dashboard dashboard = dashboard();
        await().atMost(SOON).until(() -> during.size() >= 5);
        dashboard.subscribe("lga:" + lga);
        publisher.join(20_000);
        String lastId = during.get(during.size() - 1);
        await().atMost(SOON).until(() -> ids(dashboard.of("stock:update", "lga:" + lga)).contains(lastId));

        List<JsonNode> stream = dashboard.stream("lga:" + lga);
        JsonNode snapshot = stream.get(0);
        assertThat(snapshot.path("event").asText()).isEqualTo("snapshot");
        long snapshotSeq = snapshot.path("seq").asLong();
        List<Long> seqs = stream.stream().skip(1).map(f -> f.path("seq").asLong()).toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(snapshotSeq + 1, snapshotSeq + seqs.size()).boxed().toList());
        List<String> deltaIds = dashboard.of("stock:update", "lga:" + lga).stream().map(f -> f.path("id").asText()).toList();
        assertThat(deltaIds).doesNotHaveDuplicates().isSubsetOf(during);
        // Snapshot + deltas give the latest balance of every product: nothing lost between them.
        Map<String, Long> balances = new java.util.HashMap<>();
        snapshot.path("data").path("stock").forEach(e -> {
            if (e.path("facilityCode").asText().equals(facility)) {
                balances.put(e.path("productCode").asText(), e.path("productBalance").asLong());
            }
        });
        dashboard.of("stock:update", "lga:" + lga).forEach(f -> balances.put(f.path("data").path("productCode").asText(),
                f.path("data").path("productBalanceAfter").asLong()));
        assertThat(balances).containsEntry("PENTA", 500L).containsEntry("BCG", 499L - 38).containsEntry("OPV", 499L - 39);
    }

    @Test
    void shouldResumeFromTheRoomBufferAfterAReconnect() {
        String lga = "NG-KT-002";
        FacilityArea area = Feed.area("NG-NW", lga);
        String facility = Feed.facility(lga);
        Dashboard first = dashboard();
        JsonNode subscribed = first.subscribe("lga:" + lga);
        String epoch = subscribed.path("data").path("epoch").asText();
        String seen = feed.level(facility, area, "BCG", 10, "WITHIN_RANGE");
        await().atMost(SOON).until(() -> ids(first.of("stock:update")).contains(seen));
        long lastSeq = first.of("stock:update").get(0).path("seq").asLong();
        first.close();

        List<String> missed = List.of(feed.level(facility, area, "BCG", 9, "WITHIN_RANGE"),
                feed.level(facility, area, "BCG", 8, "WITHIN_RANGE"));
        Dashboard again = dashboard();
        JsonNode resumed = again.subscribeWith("{\"action\":\"subscribe\",\"room\":\"lga:" + lga + "\",\"epoch\":\"" + epoch
                + "\",\"seq\":" + lastSeq + "}");
        await().atMost(SOON).until(() -> ids(again.of("stock:update")).containsAll(missed));

        assertThat(resumed.path("data").path("resumed").asBoolean()).isTrue();
        assertThat(again.of("snapshot")).isEmpty();
        List<Long> seqs = again.stream("lga:" + lga).stream().map(f -> f.path("seq").asLong()).toList();
        assertThat(seqs).startsWith(lastSeq + 1, lastSeq + 2);
        assertThat(seqs).doesNotHaveDuplicates().isSorted();
        assertThat(ids(again.of("stock:update"))).doesNotContain(seen);
    }

    @Test
    void shouldSendAFreshSnapshotWhenTooFarBehindOrFromAnotherEpoch() {
        String lga = "NG-KT-003";
        FacilityArea area = Feed.area("NG-NW", lga);
        String facility = Feed.facility(lga);
        Dashboard first = dashboard();
        JsonNode subscribed = first.subscribe("lga:" + lga);
        String epoch = subscribed.path("data").path("epoch").asText();
        long seq = subscribed.path("data").path("seq").asLong();
        first.close();

        Dashboard witness = dashboard();
        witness.subscribe("facility:" + facility);
        String last = null;
        for (int i = 0; i < 20; i++) { // the test room buffer holds 16 frames
            last = feed.level(facility, area, "HEPB", 100 + i, "WITHIN_RANGE");
        }
        String lastId = last;
        await().atMost(SOON).until(() -> ids(witness.of("stock:update")).contains(lastId));

        Dashboard behind = dashboard();
        JsonNode answer = behind.subscribeWith("{\"action\":\"subscribe\",\"room\":\"lga:" + lga + "\",\"epoch\":\"" + epoch
                + "\",\"seq\":" + seq + "}");
        assertThat(answer.path("data").path("resumed").asBoolean()).isFalse();
        await().atMost(SOON).until(() -> !behind.of("snapshot").isEmpty());
        JsonNode snapshot = behind.of("snapshot").get(0);
        assertThat(snapshot.path("seq").asLong()).isGreaterThanOrEqualTo(seq + 20);
        assertThat(snapshot.path("data").path("stock").toString()).contains(facility).contains("\"productBalance\":119");

        Dashboard stranger = dashboard();
        JsonNode other = stranger.subscribeWith("{\"action\":\"subscribe\",\"room\":\"lga:" + lga
                + "\",\"epoch\":\"another-instance.1\",\"seq\":3}");
        assertThat(other.path("data").path("resumed").asBoolean()).isFalse();
        await().atMost(SOON).until(() -> !stranger.of("snapshot").isEmpty());
    }

    @Test
    void shouldMapTheAlertLifecycleAndKeepOnlyUnresolvedAlertsInSnapshots() {
        String lga = "NG-OY-001";
        FacilityArea area = Feed.area("NG-SW", lga);
        String facility = Feed.facility(lga);
        String alertId = UUID.randomUUID().toString();
        Dashboard dashboard = dashboard();
        dashboard.subscribe("facility:" + facility);
        dashboard.subscribe("state:NG-OY?product=PENTA");
        dashboard.subscribe("state:NG-OY?product=BCG");
        String opened = feed.alert(EventTypes.ALERT_OPENED, alertId, facility, area, "PENTA", Alert.OPEN, "PENTA stocked out");
        await().atMost(SOON).until(() -> ids(dashboard.of("alert:new", "facility:" + facility)).contains(opened));

        Dashboard later = dashboard();
        later.subscribe("lga:" + lga);
        await().atMost(SOON).until(() -> !later.of("snapshot").isEmpty());
        assertThat(later.of("snapshot").get(0).path("data").path("alerts").toString()).contains(alertId);

        feed.alert(EventTypes.ALERT_ACKNOWLEDGED, alertId, facility, area, "PENTA", Alert.ACKNOWLEDGED, "PENTA stocked out");
        String resolved = feed.alert(EventTypes.ALERT_RESOLVED, alertId, facility, area, "PENTA", Alert.RESOLVED, "restocked");
        await().atMost(SOON).until(() -> ids(dashboard.of("alert:resolved", "facility:" + facility)).contains(resolved));
        assertThat(dashboard.stream("facility:" + facility)).extracting(f -> f.path("event").asText())
                .containsSubsequence("alert:new", "alert:update", "alert:resolved");
        assertThat(dashboard.of("alert:update", "state:NG-OY?product=PENTA")).hasSize(1);
        assertThat(dashboard.of("alert:new", "state:NG-OY?product=BCG")).isEmpty();

        Dashboard afterwards = dashboard();
        afterwards.subscribe("lga:" + lga);
        await().atMost(SOON).until(() -> !afterwards.of("snapshot").isEmpty());
        assertThat(afterwards.of("snapshot").get(0).path("data").path("alerts").toString()).doesNotContain(alertId);
    }

    @Test
    void shouldAnswerBadFramesWithErrorCodes() {
        Dashboard dashboard = dashboard();
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"state:lagos\"}");
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"zone:NG-KN\"}"); // a state, not a zone
        dashboard.send("not json");
        dashboard.send("{\"action\":\"dance\"}");
        dashboard.subscribe("state:NG-KN");
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"area:NG-KN\"}");
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"national\",\"changes\":\"yes\"}"); // not a boolean
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"national?changes=maybe\"}");
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"national?changes=true\",\"changes\":false}"); // contradicts
        dashboard.send("{\"action\":\"subscribe\",\"room\":\"national?product=BCG&product=OPV\"}");
        dashboard.send("{\"action\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !dashboard.of("pong").isEmpty());
        assertThat(dashboard.of("error")).extracting(f -> f.path("data").path("code").asText())
                .containsExactly("invalid-room", "invalid-room", "bad-frame", "unknown-action", "already-subscribed", "bad-frame",
                        "invalid-room", "invalid-room", "invalid-room");
    }

    @Test
    void shouldAnswerEveryNonObjectFrameWithAnErrorAndStayOpen() {
        Dashboard dashboard = dashboard();
        List<String> hostile = List.of("null", "[]", "[null,1,\"x\",[]]", "1", "\"subscribe\"", "true", "{\"action\":null}",
                "{\"action\":\"subscribe\",\"seq\":\"abc\"}", "{\"action\":\"subscribe\",\"room\":null}", "{}", " ",
                "{\"action\":\"page\",\"room\":\"national\",\"limit\":-1}");
        hostile.forEach(dashboard::send);
        dashboard.send("{\"action\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !dashboard.of("pong").isEmpty());
        assertThat(dashboard.of("error")).extracting(f -> f.path("data").path("code").asText())
                .containsExactly("bad-frame", "bad-frame", "bad-frame", "bad-frame", "bad-frame", "bad-frame", "unknown-action",
                        "bad-frame", "invalid-room", "unknown-action", "bad-frame", "not-subscribed");
        assertThat(dashboard.closeReason).isNull();
    }

    @Test
    void shouldGiveTheNationalRoomCountsAndPageItsFacilityDetail() {
        String lga = "NG-EN-001";
        FacilityArea area = Feed.area("NG-SE", lga);
        String facility = Feed.facility(lga);
        String id = feed.level(facility, area, "MEASLES", 12, "BELOW_MIN");
        Dashboard witness = dashboard();
        witness.subscribe("facility:" + facility);
        feed.level(facility, area, "MEASLES", 11, "BELOW_MIN");
        await().atMost(SOON).until(() -> !witness.of("stock:update").isEmpty());

        Dashboard national = dashboard();
        national.subscribe("national?product=MEASLES");
        await().atMost(SOON).until(() -> !national.of("snapshot").isEmpty());
        JsonNode snapshot = national.of("snapshot").get(0).path("data");
        assertThat(snapshot.path("view").asText()).isEqualTo("aggregate");
        assertThat(snapshot.path("areas").toString()).contains("\"NG-EN\"").contains("\"BELOW_MIN\"");

        national.send("{\"action\":\"page\",\"room\":\"national?product=MEASLES\",\"limit\":1000}");
        await().atMost(SOON).until(() -> !national.of("page").isEmpty());
        JsonNode page = national.of("page").get(0).path("data");
        assertThat(page.path("items").toString()).contains(facility).contains("\"productBalance\":11");
        assertThat(page.path("seq").asLong()).isGreaterThanOrEqualTo(snapshot.path("seq").asLong());
        assertThat(id).isNotBlank();
    }
}
