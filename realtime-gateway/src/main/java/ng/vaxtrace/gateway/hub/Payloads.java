package ng.vaxtrace.gateway.hub;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ng.vaxtrace.contracts.Alert;

/** The {@code data} of the frames the gateway composes itself (the others carry event payloads as published). */
public final class Payloads {

    private Payloads() {
    }

    /** The latest known level of one product at one facility. */
    public record StockEntry(String facilityCode, String productCode, String status, long productBalance, Instant recordedAt) {
    }

    /**
     * One change in a {@code stock:batch}: the event's id, the facility's new status and balance of the product, and
     * where the facility lies (to move it between the aggregate's counts).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchedChange(String id, String facilityCode, String productCode, String status, long productBalance,
            Instant recordedAt, String stateCode, String lgaCode) {
    }

    /** A map marker change: a facility's status for a product moved ({@code previousStatus} absent when first seen). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Marker(String facilityCode, String productCode, String status, String previousStatus, long productBalance) {
    }

    /** {@code map:update}: the latest status per facility × product that moved since the last flush. */
    public record MapUpdate(List<Marker> markers) {
    }

    /** {@code facility:update}: each product's latest entry at the facility and how many alerts are open there. */
    public record FacilitySummary(String facilityCode, List<StockEntry> products, long openAlerts) {
    }

    /** {@code subscribed}: where the room's stream stands; when {@code resumed}, {@code replayed} missed frames follow. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subscribed(String epoch, long seq, boolean resumed, Integer replayed) {
    }

    /**
     * {@code snapshot} of a state, LGA or facility room: the room's state at {@code seq}; {@code complete} once the
     * gateway's warm-up read the current levels and open alerts (before that, only what was consumed since {@code since}).
     */
    public record Snapshot(String epoch, long seq, Instant since, boolean complete, String view, List<StockEntry> stock,
            List<Alert> alerts, boolean truncated) {
    }

    /**
     * {@code snapshot} of the national and zone rooms: counts instead of 30,000 facilities — per state, facilities
     * by status per product and open alerts by severity; facility detail is paged on demand ({@code page}).
     */
    public record AggregateSnapshot(String epoch, long seq, Instant since, boolean complete, String view, List<AreaCounts> areas,
            int facilities, int stockEntries, int openAlerts) {
    }

    /** One child area of an aggregate: product → status → facilities, and open alerts by severity. */
    public record AreaCounts(String code, Map<String, Map<String, Integer>> products, Map<String, Integer> openAlerts) {
    }

    /** {@code aggregate:update}: the new counts of the child areas that changed since the last flush. */
    public record AggregateUpdate(List<AreaCounts> areas) {
    }

    /** {@code page}: facility detail of a room at {@code seq}, after the client's cursor; null {@code nextCursor} at the end. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(long seq, String of, List<?> items, String nextCursor) {
    }
}
