package ng.vaxtrace.gateway.hub;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import ng.vaxtrace.contracts.Alert;

/** The {@code data} of the frames the gateway composes itself (the others carry event payloads as published). */
public final class Payloads {

    private Payloads() {
    }

    /** The latest known level of one product at one facility. */
    public record StockEntry(String facilityCode, String productCode, String status, long productBalance, Instant recordedAt) {
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

    /** {@code snapshot}: the room's state at {@code seq}, as consumed since {@code since} (the gateway's start). */
    public record Snapshot(String epoch, long seq, Instant since, List<StockEntry> stock, List<Alert> alerts, boolean truncated) {
    }
}
