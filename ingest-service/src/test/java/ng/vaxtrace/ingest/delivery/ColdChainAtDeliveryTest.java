package ng.vaxtrace.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ng.vaxtrace.contracts.DiscardReason;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery.Advice;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery.Conditions;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery.Line;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery.ShakeTest;
import ng.vaxtrace.ingest.delivery.ColdChainAtDelivery.Verdict;

/**
 * Reference cases for a delivery after a cold-chain break, worked out by hand from the sources cited in
 * docs/domain-rules.md §1 (case numbers D1…D12 there):
 * [WHO-TS] WHO, "Temperature sensitivity of vaccines" (WHO/IVB/06.10, rev. 2014): which vaccines freezing harms;
 * [WHO-SHAKE] WHO, "The shake test" (Immunization in Practice, module 3, and WHO's shake-test guidance) — valid for aluminium-adsorbed
 * vaccines (DTP-containing, HepB, Td/TT), not for IPV, PCV or HPV in our catalogue;
 * [WHO-VVM] WHO/UNICEF VVM guidance (quoted by OpenLMIS, domain.md [S7]): stages 1–2 usable, 3–4 discard; the VVM
 * registers cumulative heat;
 * [S5] WHO alarm criteria (domain.md): freeze at or below −0.5 °C; [S20]/[S9] OPV kept at −25…−15 °C at national level.
 * Product facts (freeze sensitivity, VVM, storage range) are the EPI catalogue's (nigeria-data products.csv).
 */
class ColdChainAtDeliveryTest {

    /** The configured defaults (DeliveryRulesConfig), spelled out. */
    static final ColdChainAtDelivery RULES = new ColdChainAtDelivery(new ColdChainAtDelivery.Settings(2, 8, -25, -15, -0.5,
            Set.of("PENTA", "HEPB", "TD"), Pattern.compile("NG-NSCS|NG-[A-Z]{2}-ZS")));

    private static final String HF = "NG-KN-017-HF-001";
    private static final String NATIONAL_STORE = "NG-NSCS";

    private static Verdict judge(String facility, Double celsius, boolean coldChainBreak, boolean freezeAlarm, String product,
            Integer vvm, ShakeTest shake) {
        return RULES.judge(new Conditions(facility, celsius, coldChainBreak, freezeAlarm), new Line(product, vvm, shake));
    }

    @Test
    void shouldReceiveAnUnbrokenDeliveryWithoutComment() { // D1
        assertThat(judge(HF, 5.0, false, false, "PENTA", 1, null)).isEqualTo(new Verdict(null, null, null));
    }

    @ParameterizedTest(name = "D2: VVM stage {0} → discard")
    @CsvSource({ "3", "4" })
    void shouldDiscardVvmStageThreeAndFourWhateverTheColdChainSays(int stage) { // D2 [WHO-VVM]
        assertThat(judge(HF, 5.0, false, false, "PENTA", stage, null).discard()).isEqualTo(DiscardReason.VVM);
        assertThat(judge(HF, -3.0, true, true, "MEASLES", stage, ShakeTest.PASSED).discard()).isEqualTo(DiscardReason.VVM);
    }

    @Test
    void shouldAskForTheShakeTestWhenAnAdsorbedVaccineWasFrozen() { // D3 [S5][WHO-TS][WHO-SHAKE]
        Verdict verdict = judge(HF, -2.0, true, false, "PENTA", 1, null);
        assertThat(verdict.discard()).isNull();
        assertThat(verdict.advice()).isEqualTo(Advice.SHAKE_TEST);
        assertThat(verdict.note()).contains("-2.0 °C", "shake test");
    }

    @Test
    void shouldDiscardAFrozenAdsorbedVaccineOnlyWhenItsShakeTestFailed() { // D4 [WHO-SHAKE]
        assertThat(judge(HF, -2.0, true, false, "PENTA", 1, ShakeTest.FAILED).discard()).isEqualTo(DiscardReason.FREEZE);
        assertThat(judge(HF, -2.0, true, false, "PENTA", 1, ShakeTest.PASSED)).extracting(Verdict::discard, Verdict::advice)
                .containsExactly(null, null);
    }

    @Test
    void shouldTakeMinusHalfADegreeForFreezingButNotAnythingWarmer() { // D5 [S5]: "at or below −0.5 °C"
        assertThat(judge(HF, -0.5, true, false, "HEPB", 1, null).advice()).isEqualTo(Advice.SHAKE_TEST);
        Verdict cold = judge(HF, -0.4, true, false, "HEPB", 1, null);
        assertThat(cold.discard()).isNull();
        assertThat(cold.advice()).isNull(); // below +2 °C is a cold excursion, not freezing, and not heat either
        assertThat(judge(HF, 1.9, true, false, "HEPB", 1, null)).extracting(Verdict::discard, Verdict::advice).containsExactly(null, null);
    }

    @Test
    void shouldDiscardAFrozenFreezeSensitiveVaccineTheShakeTestCannotClear() { // D6 [WHO-TS][WHO-SHAKE]: IPV, PCV, HPV
        assertThat(judge(HF, -1.0, true, false, "IPV", 1, ShakeTest.PASSED).discard()).isEqualTo(DiscardReason.FREEZE);
        assertThat(judge(HF, -1.0, true, false, "PCV", 1, null).discard()).isEqualTo(DiscardReason.FREEZE);
    }

    @Test
    void shouldNotHarmVaccinesFreezingDoesNotDamage() { // D7 [WHO-TS]: measles, YF, BCG, OPV tolerate freezing
        for (String product : new String[] { "MEASLES", "YF", "BCG", "BOPV" }) {
            assertThat(judge(HF, -3.0, true, true, product, 1, null)).extracting(Verdict::discard, Verdict::advice)
                    .as(product).containsExactly(null, null);
        }
    }

    @Test
    void shouldTakeTheFreezeIndicatorsAlarmForFreezing() { // D8 [S6b] freeze indicator alarms at ≤ −0.5 °C for 1 h
        assertThat(judge(HF, 4.0, true, true, "TD", 1, null).advice()).isEqualTo(Advice.SHAKE_TEST);
        assertThat(judge(HF, null, true, true, "TD", 1, ShakeTest.FAILED).discard()).isEqualTo(DiscardReason.FREEZE);
    }

    @ParameterizedTest(name = "D9: heat, VVM {0} → discard {1}, advice {2}")
    @CsvSource({ "1,,", "2,,", "3,VVM,", ",,CHECK_VVM" })
    void shouldJudgeHeatExposureByTheVvm(Integer stage, DiscardReason discard, Advice advice) { // D9 [WHO-VVM]
        Verdict verdict = judge(HF, 12.0, true, false, "PENTA", stage, null);
        assertThat(verdict.discard()).isEqualTo(discard);
        assertThat(verdict.advice()).isEqualTo(advice);
    }

    @Test
    void shouldJudgeOralPolioVaccineByTheFreezerRangeWhereItIsKeptFrozen() { // D10 [S9][S20]
        assertThat(judge(NATIONAL_STORE, -20.0, false, false, "BOPV", 1, null)).isEqualTo(new Verdict(null, null, null));
        Verdict thawed = judge(NATIONAL_STORE, 5.0, false, false, "BOPV", null, null);
        assertThat(thawed.advice()).isEqualTo(Advice.CHECK_VVM); // +5 °C is above the freezer's −15 °C: heat, the VVM decides
        assertThat(thawed.note()).contains("above -15.0 °C");
        assertThat(judge(HF, 5.0, false, false, "BOPV", null, null)).isEqualTo(new Verdict(null, null, null)); // fridge below
        assertThat(judge(HF, -20.0, true, false, "BOPV", 2, null).discard()).isNull();
    }

    @Test
    void shouldDiscardADiluentOnlyAboveItsOwnStorageLimit() { // D11 catalogue: diluents +2…+25 °C, no VVM
        assertThat(judge(HF, 30.0, true, false, "MEASLES-DIL", null, null).discard()).isEqualTo(DiscardReason.HEAT);
        assertThat(judge(HF, 20.0, true, false, "MEASLES-DIL", null, null)).extracting(Verdict::discard, Verdict::advice)
                .containsExactly(null, null);
    }

    @Test
    void shouldJudgeAProductMissingFromTheCatalogueCautiously() { // D12: freeze-sensitive, no shake test, VVM
        assertThat(judge(HF, -1.0, true, false, "R21", 1, null).discard()).isEqualTo(DiscardReason.FREEZE);
        assertThat(judge(HF, 12.0, true, false, "R21", 2, null).discard()).isNull();
    }
}
