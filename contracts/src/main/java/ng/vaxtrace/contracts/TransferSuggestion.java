package ng.vaxtrace.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of the redistribution events ({@link EventTypes#TRANSFER_SUGGESTED}, {@link EventTypes#TRANSFER_WITHDRAWN})
 * on {@link Topics#TRANSFERS}, key = the receiving facility's code: one suggested transfer of a product from a facility
 * above its maximum to one that needs stock, as it stands after the change (docs/redistribution.md). A withdrawn event
 * carries the suggestion as it was last suggested.
 *
 * @param suggestionId {@code <productCode>/<from facility>/<to facility>}: one suggestion per product, donor and receiver
 * @param version      1, 2, 3… per suggestion: every suggested change and withdrawal takes the next one
 * @param status       {@code SUGGESTED} or {@code WITHDRAWN}
 * @param doses        how many doses to move
 * @param lots         the donor's lots to ship, earliest expiry first (empty where the product is not tracked by lot)
 * @param distanceKm   great-circle distance between the two facilities
 * @param reach        {@code SAME_LGA} or {@code SAME_STATE}
 * @param need         why the receiver needs stock: {@code STOCKED_OUT}, {@code PREDICTED_STOCK_OUT}, {@code BELOW_MIN}
 * @param computedAt   when the plan that suggested (or no longer suggested) it was computed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferSuggestion(
        String suggestionId,
        int version,
        String status,
        String productCode,
        Party from,
        Party to,
        long doses,
        List<ShippedLot> lots,
        double distanceKm,
        String reach,
        String need,
        Instant computedAt) {

    public static final String SUGGESTED = "SUGGESTED";
    public static final String WITHDRAWN = "WITHDRAWN";

    /** The id of the suggestion of {@code product} from {@code from} to {@code to}. */
    public static String idOf(String product, String from, String to) {
        return product + "/" + from + "/" + to;
    }

    /** A facility of the transfer and where it sits (the same shape as the suggestions API's). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(String facilityCode, String zoneCode, String stateCode, String lgaCode, Double latitude, Double longitude) {

        /** Its place in the area tree, for routing by area. */
        public FacilityArea area() {
            return new FacilityArea(zoneCode, stateCode, lgaCode);
        }
    }

    /** Doses of one of the donor's lots to ship; {@code expiry} absent when unknown. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShippedLot(String lotCode, long doses, LocalDate expiry) {
    }
}
