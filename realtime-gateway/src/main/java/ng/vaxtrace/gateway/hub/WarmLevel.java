package ng.vaxtrace.gateway.hub;

import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;

/** A facility's current level of one product as stock-service reports it, with where the facility lies. */
public record WarmLevel(FacilityArea area, StockEntry entry) {
}
