package ng.vaxtrace.alert.redistribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.alert.redistribution.TransferChanges.Change;
import ng.vaxtrace.alert.redistribution.TransferChanges.Diff;
import ng.vaxtrace.alert.redistribution.TransferChanges.Published;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Need;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Reach;
import ng.vaxtrace.alert.redistribution.TransferPlanner.ShippedLot;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Site;
import ng.vaxtrace.alert.redistribution.TransferPlanner.Transfer;
import ng.vaxtrace.contracts.TransferSuggestion;

class TransferChangesTest {

    private static final Instant T1 = Instant.parse("2026-12-04T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-04T09:01:00Z");
    private static final Site DONOR = new Site("NG-KN-017-HF-002", "NG-NW", "NG-KN", "NG-KN-017", 12.03, 8.52);
    private static final Site RECEIVER = new Site("NG-KN-017-HF-001", "NG-NW", "NG-KN", "NG-KN-017", 12.00, 8.50);
    private static final Site OTHER = new Site("NG-KN-017-HF-003", "NG-NW", "NG-KN", "NG-KN-017", 12.20, 8.70);
    private static final String ID = "PENTA/NG-KN-017-HF-002/NG-KN-017-HF-001";

    private static Transfer transfer(Site to, long doses, Need need) {
        return new Transfer("PENTA", DONOR, to, doses, List.of(new ShippedLot("PT-1", doses, LocalDate.parse("2027-03-31"))), 4.0,
                Reach.SAME_LGA, need);
    }

    private static Map<String, Published> publishedAs(Change change) {
        return Map.of(change.suggestion().suggestionId(), new Published(change.suggestion().version(), change.suggestion().status(),
                change.fingerprint()));
    }

    @Test
    void shouldSuggestANewTransferAsVersionOneWithTheDonorsAndReceiversAreas() {
        Diff diff = TransferChanges.diff(Map.of(), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T1);

        assertThat(diff.withdrawn()).isEmpty();
        assertThat(diff.suggested()).singleElement().satisfies(c -> {
            assertThat(c.suggestion().suggestionId()).isEqualTo(ID);
            assertThat(c.suggestion().version()).isEqualTo(1);
            assertThat(c.suggestion().status()).isEqualTo(TransferSuggestion.SUGGESTED);
            assertThat(c.suggestion().from().lgaCode()).isEqualTo("NG-KN-017");
            assertThat(c.suggestion().to().facilityCode()).isEqualTo(RECEIVER.facilityCode());
            assertThat(c.suggestion().computedAt()).isEqualTo(T1);
        });
    }

    @Test
    void shouldPublishNothingWhenTheNextPlanSuggestsTheSameAndTheNextVersionWhenItChanges() {
        Change first = TransferChanges.diff(Map.of(), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T1).suggested().get(0);

        assertThat(TransferChanges.diff(publishedAs(first), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T2).suggested()).isEmpty();
        Diff changed = TransferChanges.diff(publishedAs(first), List.of(transfer(RECEIVER, 150, Need.STOCKED_OUT)), T2);
        assertThat(changed.suggested()).singleElement().satisfies(c -> {
            assertThat(c.suggestion().version()).isEqualTo(2);
            assertThat(c.suggestion().doses()).isEqualTo(150);
            assertThat(c.eventId()).isNotEqualTo(first.eventId());
        });
    }

    @Test
    void shouldWithdrawWhatThePlanNoLongerSuggestsAndResuggestItWithTheNextVersion() {
        Change first = TransferChanges.diff(Map.of(), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T1).suggested().get(0);
        Diff gone = TransferChanges.diff(publishedAs(first), List.of(transfer(OTHER, 100, Need.BELOW_MIN)), T2);

        assertThat(gone.withdrawn()).containsExactly(ID);
        Change withdrawal = TransferChanges.withdrawal(first.suggestion(), first.fingerprint(), T2);
        assertThat(withdrawal.suggestion().status()).isEqualTo(TransferSuggestion.WITHDRAWN);
        assertThat(withdrawal.suggestion().version()).isEqualTo(2);
        assertThat(withdrawal.suggestion().doses()).isEqualTo(200);

        Change back = TransferChanges.diff(publishedAs(withdrawal), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T2)
                .suggested().get(0);
        assertThat(back.suggestion().version()).isEqualTo(3);
        assertThat(back.eventId()).isNotEqualTo(first.eventId()).isNotEqualTo(withdrawal.eventId());
    }

    @Test
    void shouldGiveTheSameChangeTheSameEventIdSoARepublicationIsADuplicate() {
        Change once = TransferChanges.diff(Map.of(), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T1).suggested().get(0);
        Change again = TransferChanges.diff(Map.of(), List.of(transfer(RECEIVER, 200, Need.STOCKED_OUT)), T2).suggested().get(0);

        assertThat(again.eventId()).isEqualTo(once.eventId());
    }
}
