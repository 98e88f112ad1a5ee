package ng.vaxtrace.gateway.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class RoomTest {

    private static Optional<String> canonical(String name, String product) {
        return Room.parse(name, product, null).map(Room::name);
    }

    @Test
    void shouldNameEveryLevelCanonically() {
        assertThat(canonical("national", null)).hasValue("national");
        assertThat(canonical("area:NG", null)).hasValue("national");
        assertThat(canonical("area:NG-NW", null)).hasValue("zone:NG-NW");
        assertThat(canonical("area:NG-KN", null)).hasValue("state:NG-KN");
        assertThat(canonical("area:NG-KN-017", null)).hasValue("lga:NG-KN-017");
        assertThat(canonical("lga:NG-KN-017", null)).hasValue("lga:NG-KN-017");
        assertThat(canonical("facility:NG-KN-017-HF-001", null)).hasValue("facility:NG-KN-017-HF-001");
    }

    @Test
    void shouldTakeTheProductFilterFromTheFrameOrTheName() {
        assertThat(canonical("state:NG-KN", "PENTA")).hasValue("state:NG-KN?product=PENTA");
        assertThat(canonical("state:NG-KN?product=PENTA", null)).hasValue("state:NG-KN?product=PENTA");
        assertThat(canonical("state:NG-KN?product=PENTA", "BCG")).isEmpty();
        assertThat(canonical("state:NG-KN", "pen ta")).isEmpty();
    }

    @Test
    void shouldNameTheChangeStreamOfAggregateRoomsOnly() {
        assertThat(Room.parse("national", null, true).map(Room::name)).hasValue("national?changes=true");
        assertThat(canonical("state:NG-KN?changes=true", null)).hasValue("state:NG-KN?changes=true");
        assertThat(canonical("area:NG-NW?changes=true&product=BCG", null)).hasValue("zone:NG-NW?product=BCG&changes=true");
        assertThat(Room.parse("state:NG-KN?product=BCG", null, true).map(Room::name)).hasValue("state:NG-KN?product=BCG&changes=true");
        assertThat(canonical("national?changes=false", null)).hasValue("national");
        // LGA and facility rooms carry every change anyway.
        assertThat(canonical("lga:NG-KN-017?changes=true", null)).hasValue("lga:NG-KN-017");
        assertThat(Room.parse("facility:NG-KN-017-HF-001", null, true).map(Room::name)).hasValue("facility:NG-KN-017-HF-001");
    }

    @Test
    void shouldRefuseMalformedOrContradictoryRoomOptions() {
        assertThat(canonical("national?changes=yes", null)).isEmpty();
        assertThat(canonical("national?colour=red", null)).isEmpty();
        assertThat(canonical("national?", null)).isEmpty();
        assertThat(canonical("national?changes", null)).isEmpty();
        assertThat(canonical("national?changes=true&changes=true", null)).isEmpty();
        assertThat(Room.parse("national?changes=true", null, false)).isEmpty();
    }

    @Test
    void shouldRefuseUnknownCodesAndMismatchedLevels() {
        assertThat(canonical("state:lagos", null)).isEmpty();
        assertThat(canonical("zone:NG-KN", null)).isEmpty();
        assertThat(canonical("state:NG-XX", null)).isEmpty();
        assertThat(canonical("facility:", null)).isEmpty();
        assertThat(canonical("planet:earth", null)).isEmpty();
        assertThat(canonical(null, null)).isEmpty();
    }
}
