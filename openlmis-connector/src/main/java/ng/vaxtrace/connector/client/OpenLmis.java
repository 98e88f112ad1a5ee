package ng.vaxtrace.connector.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The parts of OpenLMIS v3's DTOs the connector reads (referencedata and stockmanagement, see
 * docs/openlmis-connector.md). Unknown fields are ignored: OpenLMIS adds fields between versions.
 */
public final class OpenLmis {

    private OpenLmis() {
    }

    /** The token endpoint's answer ({@code expires_in} in seconds; openlmis-auth restarts it on every use). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenResponse(@com.fasterxml.jackson.annotation.JsonProperty("access_token") String accessToken,
            @com.fasterxml.jackson.annotation.JsonProperty("expires_in") Long expiresIn) {
    }

    /** An OAuth error answer of the token endpoint. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OAuthError(String error, @com.fasterxml.jackson.annotation.JsonProperty("error_description") String errorDescription) {
    }

    /** A Spring Data page: {@code number} is 0-based. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page<T>(List<T> content, long totalElements, int totalPages, int number, int size, boolean last) {

        public List<T> contentOrEmpty() {
            return content == null ? List.of() : content;
        }
    }

    /** An object reference {@code {id, href}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ref(String id, String href) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Level(String id, String code, String name, int levelNumber) {
    }

    /**
     * A geographic zone with its parent chain up to the root (GeographicZoneSimpleDto); {@code catchmentPopulation}, the
     * zone's population, is optional (left out of the JSON when absent, so the facility list hashes the sync keeps do
     * not change for instances without it).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Zone(String id, String code, String name, Level level, Double latitude, Double longitude, Zone parent,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Long catchmentPopulation) {

        /** A zone without a catchment population. */
        public Zone(String id, String code, String name, Level level, Double latitude, Double longitude, Zone parent) {
            this(id, code, name, level, latitude, longitude, parent, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FacilityType(String id, String code, String name) {
    }

    /** GeoJSON point: coordinates are [longitude, latitude]. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(String type, List<Double> coordinates) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SupportedProgram(String id, String code, Boolean supportActive) {
    }

    /** A facility; {@code location} and {@code supportedPrograms} are only in the full DTO. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Facility(String id, String code, String name, Boolean active, FacilityType type, Zone geographicZone,
            Point location, List<SupportedProgram> supportedPrograms) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Program(String id, String code, String name, Boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderableProgram(String programId, String orderableCategoryDisplayName, Boolean active) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Temperature(Double value, String temperatureMeasurementUnitCode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Orderable(String id, String productCode, String fullProductName, Long netContent, List<OrderableProgram> programs,
            Map<String, String> identifiers, Map<String, Object> extraData, Temperature minimumTemperature,
            Temperature maximumTemperature) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Lot(String id, String lotCode, Boolean active, String tradeItemId, LocalDate expirationDate) {
    }

    /** One stock card in a v2 summary (CanFulfillForMeEntryDto); {@code lot} is null for cards without a lot. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(Ref stockCard, Ref orderable, Ref lot, Long stockOnHand, LocalDate occurredDate, Instant processedDate,
            Boolean active) {
    }

    /** A v2 stock card summary: one approved orderable and the stock cards that can fulfill it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(Ref orderable, Long stockOnHand, List<Entry> canFulfillForMe) {
    }

    /** One value of the {@code /api/orderableFulfills} map. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fulfills(List<String> canFulfillForMe, List<String> canBeFulfilledByMe) {
    }

    /** A stock card reason (stockCardLineItemReasons): {@code reasonType} CREDIT, DEBIT or BALANCE_ADJUSTMENT. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(String id, String name, String reasonType, String reasonCategory) {
    }

    /** The facility of a line item's source or destination (a full FacilityDto in OpenLMIS; we read its code). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Party(String id, String code, String name) {
    }

    /**
     * One line of a stock card, in card order. A line with no reason, source or destination is a physical inventory
     * ({@code quantity} is the count); otherwise {@code quantity} is unsigned and the reason type or the source /
     * destination gives the sign. {@code stockOnHand} is the balance after it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LineItem(String id, Long quantity, LocalDate occurredDate, Reason reason, Party source, Party destination,
            Long stockOnHand, Map<String, Object> extraData, String documentNumber) {
    }

    /** A stock card; {@code extraData} comes from its last line item and carries the current {@code vvmStatus}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StockCard(String id, Long stockOnHand, Map<String, Object> extraData, List<LineItem> lineItems) {

        public List<LineItem> lineItemsOrEmpty() {
            return lineItems == null ? List.of() : lineItems;
        }
    }
}
