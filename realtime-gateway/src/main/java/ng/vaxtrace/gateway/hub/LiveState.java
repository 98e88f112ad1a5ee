package ng.vaxtrace.gateway.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import ng.vaxtrace.contracts.Alert;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.gateway.hub.Payloads.FacilitySummary;
import ng.vaxtrace.gateway.hub.Payloads.StockEntry;

/**
 * What the gateway knows now: the latest level per facility × product and the unresolved alerts, each indexed under
 * every area code it counts towards (national, zone, state, LGA, facility) so a room's snapshot is one lookup, plus
 * running counts by status per child area and product (the aggregate snapshot of the national and zone rooms). Each
 * index is sorted by key, so a page of facility detail continues after a cursor in O(log n). Only touched under the
 * {@link RoomHub} lock.
 */
final class LiveState {

    /** One count cell of an aggregate: in area {@code code}, child area {@code child}, product {@code product}. */
    record Bucket(String code, String child, String product) {
    }

    private final Map<String, NavigableMap<String, StockEntry>> stockByCode = new HashMap<>();
    private final Map<String, NavigableMap<String, Alert>> alertsByCode = new HashMap<>();
    private final Map<String, List<String>> codesOfAlert = new HashMap<>();
    private final Map<String, List<String>> codesOfFacility = new HashMap<>();
    private final Map<String, FacilityArea> areaOfFacility = new HashMap<>();
    /** area code → child area code → product → status → facilities. */
    private final Map<String, Map<String, Map<String, Map<String, Integer>>>> counts = new HashMap<>();
    /** Alert ids whose lifecycle came from the stream: a warm-up read never overrides them. */
    private final Set<String> streamedAlerts = new HashSet<>();
    private int stockEntries;

    static String key(String facilityCode, String productCode) {
        return facilityCode + "|" + productCode;
    }

    /**
     * Stores the entry under every code and moves the facility between status counts; returns the entry it replaced
     * (null when new). {@code touched} receives the aggregate cells whose count changed (null: nobody asks).
     */
    StockEntry put(FacilityArea area, List<String> codes, StockEntry entry, Collection<Bucket> touched) {
        String key = key(entry.facilityCode(), entry.productCode());
        List<String> oldCodes = codesOfFacility.put(entry.facilityCode(), codes);
        FacilityArea oldArea = area == null ? areaOfFacility.remove(entry.facilityCode())
                : areaOfFacility.put(entry.facilityCode(), area);
        StockEntry previous = null;
        if (oldCodes != null && !oldCodes.equals(codes)) {
            // The facility moved (a corrected area): drop it from the old area indexes.
            for (String code : oldCodes) {
                StockEntry old = remove(stockByCode, code, key);
                previous = previous == null ? old : previous;
            }
            if (previous != null) {
                count(oldArea, previous.productCode(), previous.status(), -1, touched);
            }
        }
        for (String code : codes) {
            StockEntry old = stockByCode.computeIfAbsent(code, c -> new TreeMap<>()).put(key, entry);
            previous = previous == null ? old : previous;
        }
        if (previous == null) {
            stockEntries++;
        } else if (codes.equals(oldCodes)) {
            count(oldArea, previous.productCode(), previous.status(), -1, touched);
        }
        count(area, entry.productCode(), entry.status(), +1, touched);
        return previous;
    }

    boolean hasStock(String facilityCode, String productCode) {
        return stockByCode.getOrDefault(facilityCode, emptyStock()).containsKey(key(facilityCode, productCode));
    }

    /** Keeps an unresolved alert (replacing its previous version), or forgets a resolved one. */
    void putAlert(List<String> codes, Alert alert, boolean fromStream) {
        if (fromStream) {
            streamedAlerts.add(alert.alertId());
        }
        List<String> old = codesOfAlert.remove(alert.alertId());
        if (old != null) {
            old.forEach(code -> remove(alertsByCode, code, alert.alertId()));
        }
        if (Alert.RESOLVED.equals(alert.status())) {
            return;
        }
        codesOfAlert.put(alert.alertId(), codes);
        codes.forEach(code -> alertsByCode.computeIfAbsent(code, c -> new TreeMap<>()).put(alert.alertId(), alert));
    }

    boolean streamed(String alertId) {
        return streamedAlerts.contains(alertId);
    }

    Collection<StockEntry> stockOf(String code) {
        return stockByCode.getOrDefault(code, emptyStock()).values();
    }

    /** The entries of an area after {@code cursor} (a {@code facility|product} key; null: from the start), in key order. */
    Collection<StockEntry> stockAfter(String code, String cursor) {
        NavigableMap<String, StockEntry> all = stockByCode.getOrDefault(code, emptyStock());
        return cursor == null ? all.values() : all.tailMap(cursor, false).values();
    }

    Collection<Alert> alertsOf(String code) {
        return alertsByCode.getOrDefault(code, new TreeMap<>()).values();
    }

    /** The open alerts of an area after {@code cursor} (an alert id; null: from the start), in id order. */
    Collection<Alert> alertsAfter(String code, String cursor) {
        NavigableMap<String, Alert> all = alertsByCode.getOrDefault(code, new TreeMap<>());
        return cursor == null ? all.values() : all.tailMap(cursor, false).values();
    }

    /** child area → product → status → facilities, for an area. */
    Map<String, Map<String, Map<String, Integer>>> countsOf(String code) {
        return counts.getOrDefault(code, Map.of());
    }

    /** Facilities of an area with at least one known level. */
    int facilitiesOf(String code) {
        Set<String> facilities = new HashSet<>();
        for (StockEntry entry : stockOf(code)) {
            facilities.add(entry.facilityCode());
        }
        return facilities.size();
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

    /** Counts a facility's status in the aggregates its area feeds: national and zone by state, state by LGA. */
    private void count(FacilityArea area, String product, String status, int delta, Collection<Bucket> touched) {
        if (area == null || area.stateCode() == null) {
            return;
        }
        bump(FacilityArea.NATIONAL, area.stateCode(), product, status, delta, touched);
        if (area.zoneCode() != null) {
            bump(area.zoneCode(), area.stateCode(), product, status, delta, touched);
        }
        if (area.lgaCode() != null) {
            bump(area.stateCode(), area.lgaCode(), product, status, delta, touched);
        }
    }

    private void bump(String code, String child, String product, String status, int delta, Collection<Bucket> touched) {
        Map<String, Map<String, Integer>> byProduct = counts.computeIfAbsent(code, c -> new TreeMap<>())
                .computeIfAbsent(child, c -> new TreeMap<>());
        Map<String, Integer> byStatus = byProduct.computeIfAbsent(product, p -> new TreeMap<>());
        int now = byStatus.getOrDefault(status, 0) + delta;
        if (now <= 0) {
            byStatus.remove(status);
        } else {
            byStatus.put(status, now);
        }
        if (touched != null) {
            touched.add(new Bucket(code, child, product));
        }
    }

    private static NavigableMap<String, StockEntry> emptyStock() {
        return java.util.Collections.emptyNavigableMap();
    }

    private static <V> V remove(Map<String, NavigableMap<String, V>> index, String code, String key) {
        NavigableMap<String, V> values = index.get(code);
        if (values == null) {
            return null;
        }
        V removed = values.remove(key);
        if (values.isEmpty()) {
            index.remove(code);
        }
        return removed;
    }
}
