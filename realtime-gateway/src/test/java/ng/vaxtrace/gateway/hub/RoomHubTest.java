package ng.vaxtrace.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.EventTypes;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.gateway.config.GatewayConfig;
import ng.vaxtrace.gateway.rooms.FacilityAreas;
import ng.vaxtrace.gateway.rooms.Room;

class RoomHubTest {

    private static final FacilityArea KANO_017 = new FacilityArea("NG-NW", "NG-KN", "NG-KN-017");
    private static final FacilityArea LAGOS_001 = new FacilityArea("NG-SW", "NG-LA", "NG-LA-001");

    private final RoomHub hub = new RoomHub(config(4, Duration.ZERO), new FacilityAreas(), new SimpleMeterRegistry());

    /** A subscriber that records the frames it is offered, parsed. */
    private static final class Recorder implements Subscriber {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();

        @Override
        public String id() {
            return "r";
        }

        @Override
        public void offer(OutFrame frame) {
            frames.add(EventJson.tree(frame.text()));
        }

        List<String> events() {
            return frames.stream().map(f -> f.path("event").asText()).toList();
        }

        List<Long> seqs() {
            return frames.stream().filter(f -> f.has("seq")).map(f -> f.path("seq").asLong()).toList();
        }
    }

    private static Room room(String name) {
        return Room.parse(name, null, null).orElseThrow();
    }

    private void level(String facility, FacilityArea area, String product, long balance, String status) {
        StockLevelChanged change = new StockLevelChanged(facility, product, "LOT", "cause", "issue", balance + 1, balance, balance,
                Instant.now(), Instant.now(), new LevelMetrics(1L, BigDecimal.ONE, status, 0, 1, 3), area, null, null);
        hub.onStockLevel(CloudEvent.of(UUID.randomUUID().toString(), "/t", EventTypes.STOCK_LEVEL_CHANGED, facility, Instant.now(), change));
    }

    private void alert(String type, String alertId, String status) {
        Alert alert = new Alert(alertId, AlertType.STOCK_OUT, AlertSeverity.HIGH, status, "NG-KN-017-HF-001", KANO_017, "PENTA", null,
                null, "out", Map.of(), Instant.now(), Instant.now(), null, null, null, null, null, null, null);
        hub.onAlert(CloudEvent.of(UUID.randomUUID().toString(), "/t", type, alert.facilityCode(), Instant.now(), alert));
    }

    @Test
    void shouldSnapshotTheRoomAtItsSequenceThenNumberTheDeltasAfterIt() {
        Recorder early = new Recorder();
        hub.subscribe(early, room("lga:NG-KN-017"), null, null);
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        level("NG-LA-001-HF-001", LAGOS_001, "PENTA", 50, "WITHIN_RANGE");
        level("NG-KN-017-HF-001", KANO_017, "BCG", 70, "BELOW_MIN");

        Recorder late = new Recorder();
        hub.subscribe(late, room("lga:NG-KN-017"), null, null);
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 90, "WITHIN_RANGE");

        assertThat(late.events()).containsExactly("subscribed", "snapshot", "stock:update");
        JsonNode snapshot = late.frames.get(1);
        assertThat(snapshot.path("seq").asLong()).isEqualTo(2);
        assertThat(snapshot.path("data").path("stock")).extracting(e -> e.path("productCode").asText() + "=" + e.path("productBalance"))
                .containsExactlyInAnyOrder("PENTA=100", "BCG=70");
        assertThat(late.seqs()).containsExactly(2L, 3L);
        assertThat(early.seqs()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void shouldReplayWhatABufferStillHoldsAndSnapshotOtherwise() {
        Recorder first = new Recorder();
        hub.subscribe(first, room("lga:NG-KN-017"), null, null);
        String epoch = first.frames.get(0).path("data").path("epoch").asText();
        hub.unsubscribe(first, "lga:NG-KN-017");
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 3, "WITHIN_RANGE");
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 2, "WITHIN_RANGE");

        Recorder resumed = new Recorder();
        hub.subscribe(resumed, room("lga:NG-KN-017"), epoch, 0L);
        assertThat(resumed.events()).containsExactly("subscribed", "stock:update", "stock:update");
        assertThat(resumed.seqs()).containsExactly(1L, 2L);

        for (int i = 0; i < 5; i++) { // the buffer holds 4
            level("NG-KN-017-HF-001", KANO_017, "PENTA", i, "WITHIN_RANGE");
        }
        Recorder behind = new Recorder();
        hub.subscribe(behind, room("lga:NG-KN-017"), epoch, 2L);
        assertThat(behind.events()).containsExactly("subscribed", "snapshot");
        Recorder elsewhere = new Recorder();
        hub.subscribe(elsewhere, room("lga:NG-KN-017"), "other." + epoch, 7L);
        assertThat(elsewhere.events()).containsExactly("subscribed", "snapshot");
    }

    @Test
    void shouldFilterByProductAndKeepOnlyUnresolvedAlerts() {
        Recorder pentaOnly = new Recorder();
        hub.subscribe(pentaOnly, Room.parse("national", "PENTA", null).orElseThrow(), null, null);
        level("NG-KN-017-HF-001", KANO_017, "BCG", 10, "WITHIN_RANGE");
        alert(EventTypes.ALERT_OPENED, "a1", Alert.OPEN);
        alert(EventTypes.ALERT_OPENED, "a2", Alert.OPEN);
        alert(EventTypes.ALERT_RESOLVED, "a1", Alert.RESOLVED);
        assertThat(pentaOnly.events()).containsExactly("subscribed", "snapshot", "alert:new", "alert:new", "alert:resolved");

        Recorder later = new Recorder();
        hub.subscribe(later, room("facility:NG-KN-017-HF-001"), null, null);
        assertThat(later.frames.get(1).path("data").path("alerts")).extracting(a -> a.path("alertId").asText()).containsExactly("a2");
    }

    @Test
    void shouldCoalesceStatusMovesIntoOneMapUpdatePerFlushAndForgetEmptyRooms() {
        Recorder map = new Recorder();
        hub.subscribe(map, room("lga:NG-KN-017"), null, null);
        Recorder zone = new Recorder();
        hub.subscribe(zone, room("zone:NG-NW"), null, null);
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 10, "BELOW_MIN");
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 0, "STOCKED_OUT");
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 0, "STOCKED_OUT");
        hub.flushMaps();
        hub.flushMaps();
        List<JsonNode> updates = map.frames.stream().filter(f -> f.path("event").asText().equals("map:update")).toList();
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).path("data").path("markers")).singleElement()
                .satisfies(m -> assertThat(m.path("status").asText()).isEqualTo("STOCKED_OUT"));
        // An aggregate room gets the moves as counts (aggregate:update), no markers and, by default, no change stream.
        hub.flushBatches();
        assertThat(zone.events()).contains("aggregate:update").doesNotContain("map:update", "stock:batch");

        hub.unsubscribe(map, "lga:NG-KN-017");
        hub.unsubscribe(zone, "zone:NG-NW");
        hub.sweep(); // resume window 0: the empty room goes
        assertThat(hub.roomCount()).isZero();
    }

    @Test
    void shouldShareOneSnapshotTextAmongEveryJoinerAtTheSameSequence() {
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        List<OutFrame> first = new CopyOnWriteArrayList<>();
        List<OutFrame> second = new CopyOnWriteArrayList<>();
        hub.subscribe(raw(first), room("lga:NG-KN-017"), null, null);
        hub.subscribe(raw(second), room("lga:NG-KN-017"), null, null);
        assertThat(second.get(1)).isSameAs(first.get(1));

        level("NG-KN-017-HF-001", KANO_017, "PENTA", 90, "WITHIN_RANGE");
        List<OutFrame> third = new CopyOnWriteArrayList<>();
        hub.subscribe(raw(third), room("lga:NG-KN-017"), null, null);
        assertThat(third.get(1)).isNotSameAs(first.get(1));
        assertThat(EventJson.tree(third.get(1).text()).path("data").path("stock").get(0).path("productBalance").asLong()).isEqualTo(90);
        // The delta both earlier joiners got is one text too.
        assertThat(second.get(2)).isSameAs(first.get(2));
    }

    @Test
    void shouldGiveTheNationalRoomCountsPerStateAndPagesOfFacilityDetailOnDemand() {
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        level("NG-KN-017-HF-002", KANO_017, "PENTA", 0, "STOCKED_OUT");
        level("NG-KN-017-HF-002", KANO_017, "BCG", 5, "BELOW_MIN");
        level("NG-LA-001-HF-001", LAGOS_001, "PENTA", 50, "WITHIN_RANGE");
        alert(EventTypes.ALERT_OPENED, "a1", Alert.OPEN);

        Recorder national = new Recorder();
        hub.subscribe(national, room("national"), null, null);
        JsonNode snapshot = national.frames.get(1).path("data");
        assertThat(snapshot.path("view").asText()).isEqualTo("aggregate");
        assertThat(snapshot.has("stock")).isFalse();
        assertThat(snapshot.path("facilities").asInt()).isEqualTo(3);
        assertThat(snapshot.path("stockEntries").asInt()).isEqualTo(4);
        JsonNode kano = snapshot.path("areas").get(0);
        assertThat(kano.path("code").asText()).isEqualTo("NG-KN");
        assertThat(kano.path("products").path("PENTA").path("WITHIN_RANGE").asInt()).isEqualTo(1);
        assertThat(kano.path("products").path("PENTA").path("STOCKED_OUT").asInt()).isEqualTo(1);
        assertThat(kano.path("products").path("BCG").path("BELOW_MIN").asInt()).isEqualTo(1);
        assertThat(kano.path("openAlerts").path("HIGH").asInt()).isEqualTo(1);
        assertThat(snapshot.path("areas").get(1).path("code").asText()).isEqualTo("NG-LA");

        // A status move: the Kano counts follow, sent once per flush as aggregate:update.
        level("NG-KN-017-HF-002", KANO_017, "PENTA", 40, "WITHIN_RANGE");
        hub.flushMaps();
        JsonNode update = national.frames.stream().filter(f -> "aggregate:update".equals(f.path("event").asText())).findFirst()
                .orElseThrow().path("data").path("areas");
        assertThat(update).singleElement().satisfies(area -> {
            assertThat(area.path("code").asText()).isEqualTo("NG-KN");
            assertThat(area.path("products").path("PENTA").path("WITHIN_RANGE").asInt()).isEqualTo(2);
            assertThat(area.path("products").path("PENTA").has("STOCKED_OUT")).isFalse();
            // Only the product whose counts changed: BCG's stay as the snapshot had them.
            assertThat(area.path("products").has("BCG")).isFalse();
        });

        // Facility detail, two entries a page, in key order, each page tagged with the room's sequence.
        JsonNode page1 = page(room("national"), null, null, 2);
        assertThat(page1.path("items")).extracting(e -> e.path("facilityCode").asText() + "/" + e.path("productCode").asText())
                .containsExactly("NG-KN-017-HF-001/PENTA", "NG-KN-017-HF-002/BCG");
        assertThat(page1.path("seq").asLong()).isEqualTo(national.seqs().get(national.seqs().size() - 1));
        JsonNode page2 = page(room("national"), "stock", page1.path("nextCursor").asText(), 2);
        assertThat(page2.path("items")).extracting(e -> e.path("facilityCode").asText() + "/" + e.path("productCode").asText())
                .containsExactly("NG-KN-017-HF-002/PENTA", "NG-LA-001-HF-001/PENTA");
        JsonNode alerts = page(room("national"), "alerts", null, 10);
        assertThat(alerts.path("items")).extracting(a -> a.path("alertId").asText()).containsExactly("a1");
        assertThat(alerts.has("nextCursor")).isFalse();
    }

    @Test
    void shouldGiveAggregateRoomsCountsOnlyUnlessTheyAskForTheChanges() {
        Recorder counts = new Recorder();
        hub.subscribe(counts, room("state:NG-KN"), null, null);
        Recorder changes = new Recorder();
        hub.subscribe(changes, room("state:NG-KN?changes=true"), null, null);
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 90, "WITHIN_RANGE"); // a balance move: counts unchanged
        hub.flushBatches();
        hub.flushMaps();
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 80, "WITHIN_RANGE");
        hub.flushBatches();
        hub.flushMaps();

        // Two rooms, two streams: the counts room is told of the one status move, the other of every change too.
        assertThat(counts.events()).containsExactly("subscribed", "snapshot", "aggregate:update");
        assertThat(counts.seqs()).containsExactly(0L, 1L);
        assertThat(counts.frames.get(2).path("data").path("areas").path(0).path("products").path("PENTA").path("WITHIN_RANGE").asInt())
                .isEqualTo(1);
        assertThat(changes.events()).containsExactly("subscribed", "snapshot", "stock:batch", "aggregate:update", "stock:batch");
        assertThat(changes.frames.get(4).path("data").path("updates")).extracting(u -> u.path("productBalance").asLong())
                .containsExactly(80L);
    }

    @Test
    void shouldHandALargeRoomsCountsToASliceOfItsDashboardsPerTickYetKeepEveryDashboardsOrder() {
        List<Recorder> dashboards = nationalDashboards(2 * RoomHub.PACE_SLICE + 50);
        Recorder leaver = dashboards.get(dashboards.size() - 1);
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 0, "STOCKED_OUT");

        // The room's turn comes within one flush interval; then one slice of its dashboards has the counts.
        tickUntilTheFirstHas(dashboards.get(0), 3);
        assertThat(dashboards.stream().filter(d -> d.events().contains("aggregate:update")).count()).isEqualTo(RoomHub.PACE_SLICE);
        hub.tick();
        assertThat(dashboards.stream().filter(d -> d.events().contains("aggregate:update")).count()).isEqualTo(2L * RoomHub.PACE_SLICE);

        // One leaves before its turn; the next frame of the room reaches everyone else after the counts, never before.
        hub.unsubscribe(leaver, "national");
        alert(EventTypes.ALERT_OPENED, "a1", Alert.OPEN);
        for (Recorder dashboard : dashboards.subList(0, dashboards.size() - 1)) {
            assertThat(dashboard.events()).containsExactly("subscribed", "snapshot", "aggregate:update", "alert:new");
            assertThat(dashboard.seqs()).containsExactly(0L, 1L, 2L);
        }
        assertThat(leaver.events()).containsExactly("subscribed", "snapshot");
    }

    @Test
    void shouldNeverHandAPacedFrameAfterASnapshotOrAPageThatAlreadyHoldsIt() {
        List<Recorder> dashboards = nationalDashboards(2 * RoomHub.PACE_SLICE + 50);
        Recorder rejoiner = dashboards.get(dashboards.size() - 1);
        Recorder pager = dashboards.get(dashboards.size() - 2);

        // Leaves and joins again before its turn: its new snapshot holds the counts, so they never come after it.
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 0, "STOCKED_OUT");
        tickUntilTheFirstHas(dashboards.get(0), 3);
        assertThat(rejoiner.events()).containsExactly("subscribed", "snapshot"); // its slice has not come yet
        hub.unsubscribe(rejoiner, "national");
        hub.subscribe(rejoiner, room("national"), null, null);
        hub.flushMaps();
        assertThat(rejoiner.events()).containsExactly("subscribed", "snapshot", "subscribed", "snapshot");
        assertThat(rejoiner.seqs()).containsExactly(0L, 1L);

        // Asks for a page at the room's sequence before its turn: the counts it has not had yet come first.
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        tickUntilTheFirstHas(dashboards.get(0), 4);
        assertThat(hub.page(pager, room("national"), "stock", null, 10)).isTrue();
        hub.flushMaps();
        assertThat(pager.events()).containsExactly("subscribed", "snapshot", "aggregate:update", "aggregate:update", "page");
    }

    /** That many dashboards in the national room (counts), in join order. */
    private List<Recorder> nationalDashboards(int count) {
        List<Recorder> dashboards = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Recorder dashboard = new Recorder();
            hub.subscribe(dashboard, room("national"), null, null);
            dashboards.add(dashboard);
        }
        return dashboards;
    }

    /** Ticks (at most a flush interval) until the dashboard has {@code frames} frames: its room's turn came. */
    private void tickUntilTheFirstHas(Recorder dashboard, int frames) {
        for (int ticks = 0; dashboard.frames.size() < frames && ticks < RoomHub.PHASES; ticks++) {
            hub.tick();
        }
        assertThat(dashboard.frames).hasSize(frames);
    }

    @Test
    void shouldFlushEveryRoomOnceAFlushIntervalAFewRoomsAtEachTick() {
        List<Recorder> maps = new java.util.ArrayList<>();
        for (int lga = 1; lga <= 40; lga++) {
            String code = String.format("NG-KN-%03d", lga);
            Recorder map = new Recorder();
            hub.subscribe(map, room("lga:" + code), null, null);
            maps.add(map);
            level(code + "-HF-001", new FacilityArea("NG-NW", "NG-KN", code), "PENTA", 0, "STOCKED_OUT");
        }
        java.util.function.IntSupplier flushed = () -> (int) maps.stream().filter(m -> m.events().contains("map:update")).count();
        int most = 0;
        for (int tick = 0; tick < RoomHub.PHASES; tick++) {
            int before = flushed.getAsInt();
            hub.tick();
            most = Math.max(most, flushed.getAsInt() - before);
        }
        assertThat(flushed.getAsInt()).isEqualTo(40);
        assertThat(most).isLessThan(10);
        assertThat(maps).allSatisfy(m -> assertThat(m.events()).containsOnlyOnce("map:update"));
    }

    @Test
    void shouldSendAQuietRoomsChangesAtEveryBatchTickAndABusyRoomsAtEveryOther() {
        Recorder national = new Recorder();
        hub.subscribe(national, room("national?changes=true"), null, null);
        java.util.function.Supplier<List<Integer>> sizes = () -> national.frames.stream()
                .filter(f -> "stock:batch".equals(f.path("event").asText())).map(f -> f.path("data").path("updates").size()).toList();

        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        hub.batchTick();
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 99, "WITHIN_RANGE");
        hub.batchTick();
        assertThat(sizes.get()).containsExactly(1, 1); // quiet: each change at the next tick

        for (int i = 0; i <= RoomHub.BUSY_BATCH; i++) {
            level("NG-KN-017-HF-001", KANO_017, "PENTA", 90 - i, "WITHIN_RANGE");
        }
        hub.batchTick();
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 50, "WITHIN_RANGE");
        hub.batchTick();
        assertThat(sizes.get()).containsExactly(1, 1, RoomHub.BUSY_BATCH + 1); // busy: the next change waits a tick
        hub.batchTick();
        assertThat(sizes.get()).containsExactly(1, 1, RoomHub.BUSY_BATCH + 1, 1);

        level("NG-KN-017-HF-001", KANO_017, "PENTA", 49, "WITHIN_RANGE");
        hub.batchTick();
        assertThat(sizes.get()).containsExactly(1, 1, RoomHub.BUSY_BATCH + 1, 1, 1); // quiet again
        assertThat(national.seqs()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void shouldBatchTheChangesOfAggregateRoomsIntoOneFramePerFlush() {
        Recorder national = new Recorder();
        hub.subscribe(national, room("national?changes=true"), null, null);
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE");
        level("NG-LA-001-HF-001", LAGOS_001, "BCG", 5, "BELOW_MIN");
        assertThat(national.events()).containsExactly("subscribed", "snapshot");
        hub.flushBatches();
        hub.flushBatches();
        assertThat(national.events()).containsExactly("subscribed", "snapshot", "stock:batch");
        assertThat(national.frames.get(2).path("data").path("updates"))
                .extracting(u -> u.path("facilityCode").asText() + "/" + u.path("productCode").asText() + "=" + u.path("status").asText()
                        + ":" + u.path("productBalance").asLong() + "@" + u.path("lgaCode").asText())
                .containsExactly("NG-KN-017-HF-001/PENTA=WITHIN_RANGE:100@NG-KN-017", "NG-LA-001-HF-001/BCG=BELOW_MIN:5@NG-LA-001");

        // A joiner while changes wait: they are numbered before its snapshot, which holds them; nothing is sent twice.
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 90, "WITHIN_RANGE");
        Recorder joiner = new Recorder();
        hub.subscribe(joiner, room("national?changes=true"), null, null);
        hub.flushBatches();
        assertThat(national.events()).containsExactly("subscribed", "snapshot", "stock:batch", "stock:batch");
        assertThat(joiner.events()).containsExactly("subscribed", "snapshot");
        assertThat(joiner.seqs()).containsExactly(national.seqs().get(national.seqs().size() - 1));
    }

    @Test
    void shouldLayTheWarmUpUnderWhatTheStreamToldAndResnapshotOpenRooms() {
        Recorder early = new Recorder();
        hub.subscribe(early, room("lga:NG-KN-017"), null, null);
        assertThat(early.frames.get(1).path("data").path("complete").asBoolean()).isFalse();
        level("NG-KN-017-HF-001", KANO_017, "PENTA", 100, "WITHIN_RANGE"); // newer than the REST read

        hub.warm(List.of(
                new WarmLevel(KANO_017, new Payloads.StockEntry("NG-KN-017-HF-001", "PENTA", "STOCKED_OUT", 0, null)),
                new WarmLevel(KANO_017, new Payloads.StockEntry("NG-KN-017-HF-009", "PENTA", "BELOW_MIN", 7, null))),
                List.of());

        assertThat(early.events()).containsExactly("subscribed", "snapshot", "stock:update", "snapshot");
        assertThat(early.seqs()).containsExactly(0L, 1L, 2L);
        JsonNode resnapshot = early.frames.get(3).path("data");
        assertThat(resnapshot.path("complete").asBoolean()).isTrue();
        assertThat(resnapshot.path("stock")).extracting(e -> e.path("facilityCode").asText() + "=" + e.path("productBalance"))
                .containsExactlyInAnyOrder("NG-KN-017-HF-001=100", "NG-KN-017-HF-009=7");
        assertThat(hub.complete()).isTrue();
    }

    @Test
    void shouldGiveAClientOfAnotherInstanceAFreshSnapshotNeverAReplay() {
        RoomHub other = new RoomHub(config(4, Duration.ZERO), new FacilityAreas(), new SimpleMeterRegistry());
        Recorder there = new Recorder();
        other.subscribe(there, room("lga:NG-KN-017"), null, null);
        String theirEpoch = there.frames.get(0).path("data").path("epoch").asText();

        level("NG-KN-017-HF-001", KANO_017, "PENTA", 1, "WITHIN_RANGE");
        Recorder here = new Recorder();
        hub.subscribe(here, room("lga:NG-KN-017"), theirEpoch, 0L);
        assertThat(here.events()).containsExactly("subscribed", "snapshot");
        assertThat(here.frames.get(0).path("data").path("epoch").asText()).isNotEqualTo(theirEpoch);
        assertThat(here.frames.get(0).path("data").path("resumed").asBoolean()).isFalse();
    }

    private JsonNode page(Room room, String of, String cursor, int limit) {
        Recorder to = new Recorder();
        assertThat(hub.page(to, room, of, cursor, limit)).isTrue();
        return to.frames.get(0).path("data");
    }

    private static Subscriber raw(List<OutFrame> into) {
        return new Subscriber() {
            @Override
            public String id() {
                return "raw";
            }

            @Override
            public void offer(OutFrame frame) {
                into.add(frame);
            }
        };
    }

    private static GatewayConfig config(int buffer, Duration resumeWindow) {
        return new GatewayConfig() {
            public int roomBufferSize() {
                return buffer;
            }

            public Duration resumeWindow() {
                return resumeWindow;
            }

            public int snapshotMaxItems() {
                return 100;
            }

            public Duration mapFlushInterval() {
                return Duration.ofSeconds(1);
            }

            public Duration idleTimeout() {
                return Duration.ofSeconds(90);
            }

            public int rememberedEventIds() {
                return 100;
            }

            public Optional<String> stockUrl() {
                return Optional.empty();
            }

            public Duration stockTimeout() {
                return Duration.ofSeconds(3);
            }

            public Send send() {
                return null;
            }

            public Duration batchInterval() {
                return Duration.ofMillis(50);
            }

            public Optional<String> alertUrl() {
                return Optional.empty();
            }

            public WarmUp warmUp() {
                return null;
            }

            public ServiceIdentity serviceIdentity() {
                return null;
            }
        };
    }
}
