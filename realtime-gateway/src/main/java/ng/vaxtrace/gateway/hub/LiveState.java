package ng.vaxtrace.gateway.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.gateway.hub.Payloads.FacilitySummary;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;

/**
 * What the gateway knows now, materialised from the topics since it started: the latest level per facility ×
 * product and the unresolved alerts, each indexed under every area code it counts towards (national, zone, state,
 * LGA, facility) so a room's snapshot is one lookup. Only touched under the {@link RoomHub} lock.
 */
final class LiveState {

    private final Map<String, Map<String, StockEntry>> stockByCode = new HashMap<>();
    private final Map<String, Map<String, Alert>> alertsByCode = new HashMap<>();
    private final Map<String, List<String>> codesOfAlert = new HashMap<>();
    private int stockEntries;

    /** Stores the entry under every code; returns the one it replaced (null when new). */
    StockEntry put(List<String> codes, StockEntry entry) {
        String key = entry.facilityCode() + "|" + entry.productCode();
        StockEntry previous = null;
        for (String code : codes) {
            StockEntry old = stockByCode.computeIfAbsent(code, c -> new LinkedHashMap<>()).put(key, entry);
            previous = previous == null ? old : previous;
        }
        if (previous == null) {
            stockEntries++;
        }
        return previous;
    }

    /** Keeps an unresolved alert (replacing its previous version), or forgets a resolved one. */
    void putAlert(List<String> codes, Alert alert) {
        List<String> old = codesOfAlert.remove(alert.alertId());
        if (old != null) {
            old.forEach(code -> remove(alertsByCode, code, alert.alertId()));
        }
        if (Alert.RESOLVED.equals(alert.status())) {
            return;
        }
        codesOfAlert.put(alert.alertId(), codes);
        codes.forEach(code -> alertsByCode.computeIfAbsent(code, c -> new LinkedHashMap<>()).put(alert.alertId(), alert));
    }

    Collection<StockEntry> stockOf(String code) {
        return stockByCode.getOrDefault(code, Map.of()).values();
    }

    Collection<Alert> alertsOf(String code) {
        return alertsByCode.getOrDefault(code, Map.of()).values();
    }

    int stockEntries() {
        return stockEntries;
    }

    int openAlerts() {
        return codesOfAlert.size();
    }

    /** A facility's summary: each product's latest entry and how many alerts are open there. */
    FacilitySummary facility(String facilityCode, String product) {
        List<StockEntry> products = new ArrayList<>();
        for (StockEntry entry : stockOf(facilityCode)) {
            if (product == null || product.equals(entry.productCode())) {
                products.add(entry);
            }
        }
        long alerts = alertsOf(facilityCode).stream().filter(a -> product == null || product.equals(a.productCode())).count();
        return new FacilitySummary(facilityCode, products, alerts);
    }

    private static <V> void remove(Map<String, Map<String, V>> index, String code, String key) {
        Map<String, V> values = index.get(code);
        if (values != null) {
            values.remove(key);
            if (values.isEmpty()) {
                index.remove(code);
            }
        }
    }
}
