package ng.vaxtrace.alert.rules;

import static ng.vaxtrace.alert.rules.RuleFixtures.WHO;
import static ng.vaxtrace.alert.rules.RuleFixtures.raised;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.alert.rules.StockRules.LotLevel;
import ng.vaxtrace.alert.rules.StockRules.ProductLevel;
import ng.vaxtrace.contracts.AlertSeverity;
import ng.vaxtrace.contracts.AlertType;
import ng.vaxtrace.contracts.VvmTally;

/**
 * Reference cases for VVM reports, usable stock and doses vs vials, worked out by hand (docs/domain-rules.md §2–§3,
 * case numbers V1…V8, U1…U5 there). Sources:
 * [WHO-VVM] WHO/UNICEF VVM guidance quoted by OpenLMIS (domain.md [S7]): the VVM is on each vial; stage 1–2 usable,
 * 3–4 discard, so a stage 3/4 report condemns the vials reported, and OpenLMIS books them as a "VVM discard stage"
 * adjustment; [EVM] WHO/UNICEF EVM: stock counted in doses and vials of the presentation, with the VVM status of each
 * lot inspected at receipt and count [S1]; [S2] WHO training module: min/max from usable need; OpenLMIS [S31]:
 * expired stock is an adjustment out, not stock. Penta holds 10 doses a vial (EPI catalogue).
 */
class VvmAndUsableStockReferenceTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-29");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final LocalDate NEXT_YEAR = TODAY.plusYears(1);

    private static Finding.Raise vvmAlert(LotLevel... lots) {
        return raised(StockRules.lotRules("PENTA", List.of(lots), TODAY, NOW, WHO), AlertType.VVM_DISCARD_STAGE).orElseThrow();
    }

    private static List<Finding> level(long balance, String mos, LotLevel... lots) {
        ProductLevel level = new ProductLevel(balance, 400L, new BigDecimal(mos), new BigDecimal("0.25"), new BigDecimal("1.25"));
        return StockRules.evaluate("PENTA", level, List.of(lots), TODAY, NOW, WHO);
    }

    @Test
    void shouldDiscardOnlyTheVialsReportedAndAlertOnTheShareOfTheLot() { // V1 [WHO-VVM]
        VvmTally tally = VvmTally.CLEAR.next("discard", 3, 1000, 990);
        assertThat(tally).isEqualTo(new VvmTally(3, 10, 0));
        Finding.Raise alert = vvmAlert(new LotLevel("PT-1", 990, NEXT_YEAR, tally));
        // 10 ÷ (10 + 990) = 1.0 %; everything reported is discarded: inspect the rest, not "discard 990 doses".
        assertThat(alert.severity()).isEqualTo(AlertSeverity.MEDIUM);
        assertThat(alert.message()).isEqualTo("PENTA: VVM stage 3 on lot PT-1, 1.0% of the lot: 10 doses (1 vial) discarded; "
                + "inspect the 990 doses (99 vials) left and discard any vial at stage 3 or 4");
        assertThat(alert.details()).containsEntry("sharePercent", new BigDecimal("1.0")).containsEntry("dosesDiscarded", 10L)
                .containsEntry("dosesToDiscard", 0L).containsEntry("lotBalance", 990L).containsEntry("dosesPerVial", 10);
    }

    @Test
    void shouldAddUpSuccessiveReportsOnTheSameLot() { // V2: 10 then 20 of 1000 → 30 ÷ 1000 = 3.0 %, worst stage 4
        VvmTally tally = VvmTally.CLEAR.next("discard", 3, 1000, 990).next("discard", 4, 990, 970);
        assertThat(tally).isEqualTo(new VvmTally(4, 30, 0));
        assertThat(vvmAlert(new LotLevel("PT-1", 970, NEXT_YEAR, tally)).details()).containsEntry("sharePercent", new BigDecimal("3.0"));
    }

    @Test
    void shouldBeClearedByACountOrAnInspectionOrAnEmptyLot() { // V3 [EVM] inspection at count; [WHO-VVM] stages 1–2 usable
        VvmTally reported = new VvmTally(3, 10, 0);
        assertThat(reported.next("physical-count", null, 990, 990)).isEqualTo(VvmTally.CLEAR);
        assertThat(reported.next("physical-count", 2, 990, 985)).isEqualTo(VvmTally.CLEAR);
        assertThat(reported.next("receipt", 1, 990, 1490)).isEqualTo(VvmTally.CLEAR);
        assertThat(reported.next("issue", null, 990, 0)).isEqualTo(VvmTally.CLEAR);
        assertThat(reported.next("issue", null, 990, 500)).isEqualTo(reported); // an issue inspects nothing
        assertThat(raised(StockRules.lotRules("PENTA", List.of(new LotLevel("PT-1", 990, NEXT_YEAR, VvmTally.CLEAR)), TODAY, NOW, WHO),
                AlertType.VVM_DISCARD_STAGE)).isEmpty();
    }

    @Test
    void shouldAskToDiscardDosesACountFoundAtTheDiscardPoint() { // V4: a count reporting stage 3 speaks for the lot counted
        VvmTally tally = VvmTally.CLEAR.next("physical-count", 3, 970, 970);
        assertThat(tally).isEqualTo(new VvmTally(3, 0, 970));
        Finding.Raise alert = vvmAlert(new LotLevel("PT-1", 970, NEXT_YEAR, tally));
        assertThat(alert.severity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(alert.message()).isEqualTo("PENTA: VVM stage 3 on lot PT-1, 100.0% of the lot: discard the 970 doses (97 vials) "
                + "reported at the discard point");
    }

    @Test
    void shouldCountReceivedDosesAtTheDiscardPointUntilTheyAreDiscarded() { // V5: 200 received at stage 3 into 500 → 200 ÷ 700
        VvmTally received = VvmTally.CLEAR.next("receipt", 3, 500, 700);
        assertThat(received).isEqualTo(new VvmTally(3, 0, 200));
        assertThat(vvmAlert(new LotLevel("PT-2", 700, NEXT_YEAR, received)).details()).containsEntry("sharePercent", new BigDecimal("28.6"))
                .containsEntry("dosesToDiscard", 200L);
        VvmTally discarded = received.next("discard", 3, 700, 500);
        assertThat(discarded).isEqualTo(new VvmTally(3, 200, 0));
        Finding.Raise alert = vvmAlert(new LotLevel("PT-2", 500, NEXT_YEAR, discarded));
        assertThat(alert.severity()).isEqualTo(AlertSeverity.MEDIUM);
        assertThat(alert.details()).containsEntry("sharePercent", new BigDecimal("28.6")); // 200 ÷ (200 + 500)
    }

    @Test
    void shouldNeverCountMoreDosesToDiscardThanTheLotHolds() { // V6: 200 pending, 600 issued from 700 → 100 left, 100 pending
        assertThat(new VvmTally(3, 0, 200).next("issue", null, 700, 100)).isEqualTo(new VvmTally(3, 0, 100));
    }

    @Test
    void shouldRaiseStageFourStillOnHandAsCritical() { // V7 [WHO-VVM] stage 4 is beyond the discard point
        assertThat(vvmAlert(new LotLevel("PT-1", 50, NEXT_YEAR, new VvmTally(4, 0, 50))).severity()).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void shouldNameTheLotWithDosesStillToDiscardFirst() { // V8
        Finding.Raise alert = vvmAlert(new LotLevel("PT-1", 500, NEXT_YEAR, new VvmTally(4, 300, 0)),
                new LotLevel("PT-2", 500, NEXT_YEAR, new VvmTally(3, 0, 10)));
        assertThat(alert.lotCode()).isEqualTo("PT-2");
        assertThat(alert.severity()).isEqualTo(AlertSeverity.HIGH);
    }

    /** A level with stock-service's predicted stock-out: {@code daysOfStock} as of {@code asOf}. */
    private static List<Finding> predicted(long balance, String mos, String daysOfStock, Instant asOf, Instant at, LotLevel... lots) {
        ProductLevel level = new ProductLevel(balance, 400L, new BigDecimal(mos), new BigDecimal("0.25"), new BigDecimal("1.25"),
                new BigDecimal(daysOfStock), LocalDate.ofInstant(asOf, java.time.ZoneId.of("Africa/Lagos")).plusDays((long) Double.parseDouble(daysOfStock)),
                asOf);
        return StockRules.evaluate("PENTA", level, List.of(lots), TODAY, at, WHO);
    }

    @Test
    void shouldProjectTheStockOutFromUsableStock() { // U1: 500 on hand, 300 of them expired
        // stock-service leaves the expired lot out: 200 × 30.4375 ÷ 400 = 15.2 days < 14 + 7 → MEDIUM (500 doses would be
        // 38.0 days: no alert); months of usable stock = 1.25 × 200 ÷ 500 = 0.50, not below the 0.25 minimum
        List<Finding> findings = predicted(500, "1.25", "15.2", NOW, NOW, new LotLevel("OLD", 300, TODAY.minusDays(1), VvmTally.CLEAR),
                new LotLevel("NEW", 200, NEXT_YEAR, VvmTally.CLEAR));
        Finding.Raise predicted = raised(findings, AlertType.PREDICTED_STOCK_OUT).orElseThrow();
        assertThat(predicted.severity()).isEqualTo(AlertSeverity.MEDIUM);
        assertThat(predicted.details()).containsEntry("daysLeft", new BigDecimal("15.2")).containsEntry("usableDoses", 200L);
        assertThat(raised(findings, AlertType.BELOW_MIN)).isEmpty();
        assertThat(raised(findings, AlertType.STOCK_OUT)).isEmpty();
    }

    @Test
    void shouldCallItAStockOutWhenNothingOnHandIsUsable() { // U2: 50 expired + 50 at VVM 3 still on hand
        List<Finding> findings = level(100, "0.25", new LotLevel("OLD", 50, TODAY.minusDays(3), VvmTally.CLEAR),
                new LotLevel("HOT", 50, NEXT_YEAR, new VvmTally(3, 0, 50)));
        Finding.Raise out = raised(findings, AlertType.STOCK_OUT).orElseThrow();
        assertThat(out.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(out.message()).isEqualTo("PENTA: no usable stock: the 100 doses (10 vials) on hand are expired or at VVM stage 3/4");
        assertThat(raised(findings, AlertType.PREDICTED_STOCK_OUT)).isEmpty();
    }

    @Test
    void shouldTakeDosesAtVvmThreeOffStockServicesPrediction() { // U6: 38.0 days for 500 doses, 300 of them at VVM 3 to discard
        // 38.0 − 300 × 30.4375 ÷ 400 = 38.0 − 22.83 = 15.17 days → MEDIUM; 100 at VVM 3: 38.0 − 7.61 = 30.4 → none
        Finding.Raise held = raised(predicted(500, "1.25", "38.0", NOW, NOW, new LotLevel("HOT", 500, NEXT_YEAR, new VvmTally(3, 0, 300))),
                AlertType.PREDICTED_STOCK_OUT).orElseThrow();
        assertThat(held.severity()).isEqualTo(AlertSeverity.MEDIUM);
        assertThat(held.details()).containsEntry("daysLeft", new BigDecimal("15.1")).containsEntry("vvmHeldDoses", 300L);
        assertThat(raised(predicted(500, "1.25", "38.0", NOW, NOW, new LotLevel("HOT", 500, NEXT_YEAR, new VvmTally(3, 0, 100))),
                AlertType.PREDICTED_STOCK_OUT)).isEmpty();
    }

    @Test
    void shouldAgeThePredictionWhileTheFacilityIsSilent() { // U7: 38.0 days computed 10 and 20 days before the sweep
        // 38.0 − 10 = 28.0 ≥ 21 → none; 38.0 − 20 = 18.0 → MEDIUM, with stock-service's date
        LotLevel lot = new LotLevel("NEW", 500, NEXT_YEAR, VvmTally.CLEAR);
        assertThat(raised(predicted(500, "1.25", "38.0", NOW.minusSeconds(10 * 86_400), NOW, lot), AlertType.PREDICTED_STOCK_OUT)).isEmpty();
        Finding.Raise aged = raised(predicted(500, "1.25", "38.0", NOW.minusSeconds(20 * 86_400), NOW, lot), AlertType.PREDICTED_STOCK_OUT)
                .orElseThrow();
        assertThat(aged.details()).containsEntry("daysLeft", new BigDecimal("18.0")).containsEntry("predictedStockOutDate", "2026-12-17");
        assertThat(aged.message()).isEqualTo("PENTA: about 18 days of stock left (until 2026-12-17), less than the lead time of 14 days + 7 days margin");
    }

    @Test
    void shouldLeaveThePredictionAsItIsOnAChangeThatCarriesNone() { // a later change of the same batch carries it
        assertThat(level(500, "1.25", new LotLevel("NEW", 500, NEXT_YEAR, VvmTally.CLEAR)))
                .noneMatch(f -> f.type() == AlertType.PREDICTED_STOCK_OUT);
    }

    @Test
    void shouldJudgeTheMinimumOnUnroundedMonthsOfUsableStock() { // U3: 120 on hand = 0.30 months; 21 at VVM 3
        // 0.30 × 99 ÷ 120 = 0.2475 < 0.25 → below the minimum (shown cut to 0.24); with 20 at VVM 3: 0.30 × 100 ÷ 120 = 0.25, not below
        Finding.Raise below = raised(level(120, "0.30", new LotLevel("L", 120, NEXT_YEAR, new VvmTally(3, 0, 21))), AlertType.BELOW_MIN)
                .orElseThrow();
        assertThat(below.message()).isEqualTo("PENTA: 0.24 months of usable stock (99 doses (9.9 vials) usable; 21 doses (2.1 vials) "
                + "more on hand are expired or at VVM 3/4), below the minimum of 0.25");
        assertThat(raised(level(120, "0.30", new LotLevel("L", 120, NEXT_YEAR, new VvmTally(3, 0, 20))), AlertType.BELOW_MIN)).isEmpty();
    }

    @Test
    void shouldNotCallExpiredStockOverstock() { // U4: 600 on hand = 1.50 months, 100 expired → 1.25, at the maximum
        assertThat(raised(level(600, "1.50", new LotLevel("OLD", 100, TODAY.minusDays(1), VvmTally.CLEAR),
                new LotLevel("NEW", 500, NEXT_YEAR, VvmTally.CLEAR)), AlertType.ABOVE_MAX)).isEmpty();
        assertThat(raised(level(600, "1.50", new LotLevel("NEW", 600, NEXT_YEAR, VvmTally.CLEAR)), AlertType.ABOVE_MAX)).isPresent();
    }

    /** A level whose min/max stock come from the facility's target population (docs/domain-rules.md §6): 100 / 500 doses. */
    private static List<Finding> needLevel(long balance, Long amc, String mos, LotLevel... lots) {
        ProductLevel level = new ProductLevel(balance, amc, mos == null ? null : new BigDecimal(mos), new BigDecimal("0.25"),
                new BigDecimal("1.25"), null, null, null, 100L, 500L);
        return StockRules.evaluate("PENTA", level, List.of(lots), TODAY, NOW, WHO);
    }

    @Test
    void shouldJudgeMinimumAndMaximumOnTheTargetPopulationsNeedWhenStockServiceSendsIt() {
        // I7 (§6, I1): 1,200 infants → min 100, max 500 doses of Penta. AMC 300, 90 on hand = 0.30 months, not below 0.25
        // on months; below the 100 doses of the need.
        Finding.Raise below = raised(needLevel(90, 300L, "0.30", new LotLevel("L", 90, NEXT_YEAR, VvmTally.CLEAR)), AlertType.BELOW_MIN)
                .orElseThrow();
        assertThat(below.message()).isEqualTo("PENTA: stock (90 doses (9 vials)) below the minimum of 100 doses (10 vials) its target "
                + "population needs");
        assertThat(below.details()).containsEntry("minStock", 100L).containsEntry("basis", "TARGET_POPULATION")
                .containsEntry("usableDoses", 90L);
        assertThat(raised(level(90, "0.30", new LotLevel("L", 90, NEXT_YEAR, VvmTally.CLEAR)), AlertType.BELOW_MIN)).isEmpty();
        // I2: AMC 600, 510 on hand (0.85 months): above the need's 500; no AMC at all: judged the same.
        assertThat(raised(needLevel(510, 600L, "0.85", new LotLevel("L", 510, NEXT_YEAR, VvmTally.CLEAR)), AlertType.ABOVE_MAX)).isPresent();
        assertThat(raised(needLevel(510, null, null, new LotLevel("L", 510, NEXT_YEAR, VvmTally.CLEAR)), AlertType.ABOVE_MAX)).isPresent();
        assertThat(needLevel(300, null, null, new LotLevel("L", 300, NEXT_YEAR, VvmTally.CLEAR)))
                .noneMatch(f -> f instanceof Finding.Raise);
    }

    @Test
    void shouldJudgeTheNeedOnUsableDoses() {
        // I8: 600 on hand, 100 expired: 500 usable, not above 500; 120 on hand with 21 at VVM 3: 99 usable, below 100.
        assertThat(raised(needLevel(600, 400L, "1.50", new LotLevel("OLD", 100, TODAY.minusDays(1), VvmTally.CLEAR),
                new LotLevel("NEW", 500, NEXT_YEAR, VvmTally.CLEAR)), AlertType.ABOVE_MAX)).isEmpty();
        Finding.Raise below = raised(needLevel(120, 400L, "0.30", new LotLevel("L", 120, NEXT_YEAR, new VvmTally(3, 0, 21))),
                AlertType.BELOW_MIN).orElseThrow();
        assertThat(below.message()).isEqualTo("PENTA: usable stock (99 doses (9.9 vials) usable; 21 doses (2.1 vials) more on hand are "
                + "expired or at VVM 3/4) below the minimum of 100 doses (10 vials) its target population needs");
    }

    @Test
    void shouldShowDosesInVialsOfTheProductsPresentation() { // U5 catalogue: Penta 10, BCG 20, Rota 1 dose per vial
        assertThat(Presentation.doses("PENTA", 35)).isEqualTo("35 doses (3.5 vials)");
        assertThat(Presentation.doses("BCG", 40)).isEqualTo("40 doses (2 vials)");
        assertThat(Presentation.doses("PENTA", 10)).isEqualTo("10 doses (1 vial)");
        assertThat(Presentation.doses("ROTA", 1)).isEqualTo("1 dose");
        assertThat(Presentation.doses("UNKNOWN", 40)).isEqualTo("40 doses");
    }
}
