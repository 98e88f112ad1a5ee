package ng.vaxtrace.gateway.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class RoomTest {

    private static Optional<String> canonical(String name, String product) {
        return Room.parse(name, product).map(Room::name);
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
    void shouldRefuseUnknownCodesAndMismatchedLevels() {
        assertThat(canonical("state:lagos", null)).isEmpty();
        assertThat(canonical("zone:NG-KN", null)).isEmpty();
        assertThat(canonical("state:NG-XX", null)).isEmpty();
        assertThat(canonical("facility:", null)).isEmpty();
        assertThat(canonical("planet:earth", null)).isEmpty();
        assertThat(canonical(null, null)).isEmpty();
    }
}
