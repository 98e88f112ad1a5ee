package ng.vaxtrace.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ng.vaxtrace.contracts.FacilityArea;

class CallerTest {

    // Kano (NG-KN) is in the North West zone (NG-NW); Lagos (NG-LA) in the South West.
    private static final FacilityArea KANO_FACILITY = new FacilityArea("NG-NW", "NG-KN", "NG-KN-001");
    private static final FacilityArea LAGOS_FACILITY = new FacilityArea("NG-SW", "NG-LA", "NG-LA-001");

    @ParameterizedTest(name = "{0} with area {1} → {2}")
    @CsvSource(nullValues = "-", value = {
            "national-officer, -, NATIONAL", "national-officer, NG, NATIONAL",
            "analyst, -, NATIONAL", "admin, NG, NATIONAL",
            "state-officer, NG-KN, STATE", "state-officer, NG-NW, ZONE",
            "lga-officer, NG-KN-001, LGA", "facility-officer, KN-HF-0001, FACILITY" })
    void aRoleWithAFittingAreaGetsThatScope(String role, String area, Scope.Level level) {
        Caller caller = Caller.of("amina", List.of(role), area);
        assertThat(caller.scope().level()).isEqualTo(level);
        assertThat(caller.actor()).isEqualTo("amina");
    }

    @ParameterizedTest(name = "{0} with area {1} is refused")
    @CsvSource(nullValues = "-", value = {
            "national-officer, NG-KN", "analyst, NG-LA", "admin, NG-KN-001",
            "state-officer, -", "state-officer, NG", "state-officer, NG-KN-001", "state-officer, NG-XX",
            "lga-officer, NG-KN", "lga-officer, -", "facility-officer, NG-KN", "facility-officer, -", "facility-officer, bad code!" })
    void aRoleWithAnAreaThatDoesNotFitIsRefused(String role, String area) {
        assertThatThrownBy(() -> Caller.of("amina", List.of(role), area)).isInstanceOf(AccessRefusedException.class);
    }

    @Test
    void aTokenWithoutAVaxTraceRoleIsRefused() {
        assertThatThrownBy(() -> Caller.of("amina", List.of("offline_access", "uma_authorization"), "NG"))
                .isInstanceOf(AccessRefusedException.class).hasMessageContaining("none of the VaxTrace roles");
    }

    @Test
    void theStrongestRoleWins() {
        assertThat(Caller.of("amina", List.of("analyst", "admin"), null).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aStateOfficerSeesItsStateAndEverythingBelowButNotItsZoneOrOtherStates() {
        Caller kano = Caller.of("amina", List.of(Roles.STATE_OFFICER), "NG-KN");
        assertThat(kano.coversArea("NG-KN")).isTrue();
        assertThat(kano.coversArea("NG-KN-017")).isTrue();
        assertThat(kano.coversArea("NG-NW")).isFalse();
        assertThat(kano.coversArea("NG")).isFalse();
        assertThat(kano.coversArea("NG-LA")).isFalse();
        assertThat(kano.coversArea("NG-LA-001")).isFalse();
        assertThat(kano.coversFacility("KN-1", KANO_FACILITY)).isTrue();
        assertThat(kano.coversFacility("LA-1", LAGOS_FACILITY)).isFalse();
        assertThat(kano.defaultArea()).isEqualTo("NG-KN");
    }

    @Test
    void aZonalOfficerSeesItsZonesStates() {
        Caller northWest = Caller.of("musa", List.of(Roles.STATE_OFFICER), "NG-NW");
        assertThat(northWest.coversArea("NG-KN")).isTrue();
        assertThat(northWest.coversArea("NG-KN-001")).isTrue();
        assertThat(northWest.coversArea("NG-LA")).isFalse();
        assertThat(northWest.coversFacility("KN-1", KANO_FACILITY)).isTrue();
    }

    @Test
    void aFacilityOfficerSeesOnlyItsFacilityAndNoArea() {
        Caller officer = Caller.of("ngozi", List.of(Roles.FACILITY_OFFICER), "KN-1");
        assertThat(officer.coversFacility("KN-1", KANO_FACILITY)).isTrue();
        assertThat(officer.coversFacility("KN-2", KANO_FACILITY)).isFalse();
        assertThat(officer.coversArea("NG-KN-001")).isFalse();
        assertThat(officer.defaultArea()).isNull();
        assertThat(officer.facility()).isEqualTo("KN-1");
        assertThatThrownBy(() -> officer.requireArea("NG-KN-001")).isInstanceOf(AccessRefusedException.class)
                .hasMessageContaining("outside your area");
    }

    @Test
    void analystsReadEverythingButNeitherWriteNorSeePersonalData() {
        Caller analyst = Caller.of("ade", List.of(Roles.ANALYST), null);
        assertThat(analyst.coversArea("NG-LA-001")).isTrue();
        assertThat(analyst.mayWrite()).isFalse();
        assertThat(analyst.maySeePersonalData()).isFalse();
        assertThatThrownBy(analyst::requireWrite).isInstanceOf(AccessRefusedException.class);
        assertThat(Caller.of("lga", List.of(Roles.LGA_OFFICER), "NG-KN-001").mayWrite()).isTrue();
    }

    @Test
    void theProdProfileRefusesTheDevelopmentIssuerAndStaticKeys() {
        Map<String, String> devKey = Map.of("quarkus.oidc.public-key", "MIIB...", "quarkus.oidc.auth-server-url", "https://id.example/realms/v");
        Map<String, String> devIssuer = Map.of("quarkus.oidc.token.issuer", DevIssuer.ISSUER, "quarkus.oidc.auth-server-url", "https://id.example/realms/v");
        Map<String, String> none = Map.of();
        Map<String, String> off = Map.of("quarkus.oidc.tenant-enabled", "false", "quarkus.oidc.auth-server-url", "https://id.example/realms/v");
        Map<String, String> real = Map.of("quarkus.oidc.auth-server-url", "https://id.example/realms/vaxtrace");
        for (Map<String, String> refused : List.of(devKey, devIssuer, none, off)) {
            assertThat(DevIssuerGuard.refusal(List.of("prod"), name -> Optional.ofNullable(refused.get(name)))).isPresent();
        }
        assertThat(DevIssuerGuard.refusal(List.of("prod"), name -> Optional.ofNullable(real.get(name)))).isEmpty();
        assertThat(DevIssuerGuard.refusal(List.of("local"), name -> Optional.ofNullable(devKey.get(name)))).isEmpty();
    }
}
