package ng.vaxtrace.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What alert-service publishes on vaxtrace.transfers.v1 must match the published schemas. */
class TransferContractTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    static TransferSuggestion suggestion(String status, long doses) {
        TransferSuggestion.Party from = new TransferSuggestion.Party("NG-KN-017-HF-002", "NG-NW", "NG-KN", "NG-KN-017", 12.0, 8.5);
        TransferSuggestion.Party to = new TransferSuggestion.Party("NG-KN-017-HF-001", "NG-NW", "NG-KN", "NG-KN-017", 12.1, 8.6);
        return new TransferSuggestion(TransferSuggestion.idOf("PENTA", from.facilityCode(), to.facilityCode()), 2, status, "PENTA",
                from, to, doses, List.of(new TransferSuggestion.ShippedLot("PT-2026-118", doses, LocalDate.parse("2027-06-30"))), 15.6,
                "SAME_LGA", "STOCKED_OUT", NOW);
    }

    private static String envelope(String type, TransferSuggestion data) {
        return EventJson.write(CloudEvent.of("t1", "/alert-service", type, data.to().facilityCode(), NOW, data));
    }

    @Test
    void shouldValidateASuggestionAndAWithdrawal() {
        assertThat(ContractSchemas.violations(envelope(EventTypes.TRANSFER_SUGGESTED, suggestion(TransferSuggestion.SUGGESTED, 420))))
                .isEmpty();
        assertThat(ContractSchemas.violations(envelope(EventTypes.TRANSFER_WITHDRAWN, suggestion(TransferSuggestion.WITHDRAWN, 420))))
                .isEmpty();
    }

    @Test
    void shouldRefuseAWithdrawalMarkedSuggestedAndATransferOfNothing() {
        assertThat(ContractSchemas.violations(envelope(EventTypes.TRANSFER_WITHDRAWN, suggestion(TransferSuggestion.SUGGESTED, 420))))
                .isNotEmpty();
        assertThat(ContractSchemas.violations(envelope(EventTypes.TRANSFER_SUGGESTED, suggestion(TransferSuggestion.SUGGESTED, 0))))
                .isNotEmpty();
    }

    @Test
    void shouldReadBackWhatWasWrittenWithoutTheDerivedArea() {
        String json = envelope(EventTypes.TRANSFER_SUGGESTED, suggestion(TransferSuggestion.SUGGESTED, 420));
        assertThat(json).doesNotContain("\"area\"");
        CloudEvent<TransferSuggestion> read = EventJson.read(json, EventJson.TRANSFER);
        assertThat(read.data()).isEqualTo(suggestion(TransferSuggestion.SUGGESTED, 420));
        assertThat(read.data().to().area().chain()).containsExactly("NG", "NG-NW", "NG-KN", "NG-KN-017");
    }
}
