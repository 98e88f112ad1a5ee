package ng.vaxtrace.gateway.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
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

    /** National, zone, state, LGA (as far as known) and the facility itself: every index a facility's entries sit in. */
    static List<String> codes(FacilityArea area, String facilityCode) {
        List<String> codes = area == null ? new ArrayList<>(List.of(FacilityArea.NATIONAL)) : area.chain();
        codes.add(facilityCode);
        return codes;
    }

    /**
     * A state holding what the warm-up read, built in bulk: the levels sorted once by key and each area's index built
     * from its sorted run in linear time. Inserting 480,000 levels (30,000 facilities × 16 products) one by one into
     * five sorted indexes each was most of a warm start; this is built off the hub's lock, then {@link #overlay}
     * lays the stream's newer facts over it.
     */
    static LiveState of(List<WarmLevel> levels) {
        LiveState built = new LiveState();
        WarmLevel[] sorted = levels.toArray(WarmLevel[]::new);
        String[] keys = new String[sorted.length];
        Integer[] order = new Integer[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            keys[i] = key(sorted[i].entry().facilityCode(), sorted[i].entry().productCode());
            order[i] = i;
        }
        // Stable: of two reads of the same key, the later one is kept below.
        java.util.Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        // A facility read with two areas (it moved between two reads) sits where its last level read says.
        Map<String, FacilityArea> areas = new HashMap<>();
        levels.forEach(level -> areas.put(level.entry().facilityCode(), level.area()));
        Map<String, List<Map.Entry<String, StockEntry>>> runs = new HashMap<>();
        int i = 0;
        while (i < order.length) {
            // One facility's levels are contiguous in key order ("code|product").
            String facility = sorted[order[i]].entry().facilityCode();
            int end = i;
            while (end < order.length && sorted[order[end]].entry().facilityCode().equals(facility)) {
                end++;
            }
            FacilityArea area = areas.get(facility);
            List<String> codes = codes(area, facility);
            built.codesOfFacility.put(facility, codes);
            if (area != null) {
                built.areaOfFacility.put(facility, area);
            }
            // The count cells this facility feeds, looked up once for all its products.
            List<Map<String, Map<String, Integer>>> cells = built.cells(area);
            for (int k = i; k < end; k++) {
                if (k + 1 < end && keys[order[k]].equals(keys[order[k + 1]])) {
                    continue; // read twice: the later read stands
                }
                StockEntry entry = sorted[order[k]].entry();
                Map.Entry<String, StockEntry> indexed = Map.entry(keys[order[k]], entry);
                for (String code : codes) {
                    runs.computeIfAbsent(code, c -> new ArrayList<>()).add(indexed);
                }
                built.stockEntries++;
                for (Map<String, Map<String, Integer>> byProduct : cells) {
                    byProduct.computeIfAbsent(entry.productCode(), p -> new TreeMap<>()).merge(entry.status(), 1, Integer::sum);
                }
            }
            i = end;
        }
        runs.forEach((code, run) -> built.stockByCode.put(code, new TreeMap<>(new SortedRun<>(run))));
        return built;
    }

    /** Where each facility with a known area lies. */
    Map<String, FacilityArea> areas() {
        return java.util.Collections.unmodifiableMap(areaOfFacility);
    }

    /** Adds the unresolved alerts the warm-up read. */
    void addRead(List<Alert> alerts) {
        for (Alert alert : alerts) {
            if (alert.alertId() != null && alert.facilityCode() != null) {
                putAlert(codes(alert.area(), alert.facilityCode()), alert, false);
            }
        }
    }

    /**
     * Lays over this state (read over REST) what {@code streamed} has consumed since the start: the stream's levels
     * and alert lifecycles are at least as new as the read, so they win. Returns how many levels and alerts of the
     * read were kept as read.
     */
    int overlay(LiveState streamed) {
        int kept = stockEntries + openAlerts();
        for (Map.Entry<String, List<String>> facility : streamed.codesOfFacility.entrySet()) {
            FacilityArea area = streamed.areaOfFacility.get(facility.getKey());
            for (StockEntry entry : streamed.stockOf(facility.getKey())) {
                if (put(area, facility.getValue(), entry, null) != null) {
                    kept--;
                }
            }
        }
        for (String alertId : streamed.streamedAlerts) {
            List<String> codes = streamed.codesOfAlert.get(alertId);
            Alert open = codes == null ? null : streamed.alertsByCode.get(codes.get(0)).get(alertId);
            if (codesOfAlert.containsKey(alertId)) {
                kept--;
            }
            if (open != null) {
                putAlert(codes, open, true);
            } else {
                // Resolved in the stream: whatever the read said, it is closed.
                dropAlert(alertId);
                streamedAlerts.add(alertId);
            }
        }
        return kept;
    }

    /**
     * Stores the entry under every code and moves the facility between status counts; returns the entry it replaced
     * (null when new). {@code touched} receives the aggregate cells whose count changed (null: nobody asks).
     */
    StockEntry put(FacilityArea area, List<String> codes, StockEntry entry, Collection<Bucket> touched) {
        String facility = entry.facilityCode();
        List<String> oldCodes = codesOfFacility.put(facility, codes);
        FacilityArea oldArea = area == null ? areaOfFacility.remove(facility) : areaOfFacility.put(facility, area);
        if (oldCodes != null && !oldCodes.equals(codes)) {
            move(facility, oldCodes, oldArea, codes, area, touched);
        }
        String key = key(facility, entry.productCode());
        StockEntry previous = null;
        for (String code : codes) {
            StockEntry old = stockByCode.computeIfAbsent(code, c -> new TreeMap<>()).put(key, entry);
            previous = previous == null ? old : previous;
        }
        if (previous == null) {
            stockEntries++;
        } else if (java.util.Objects.equals(previous.status(), entry.status())) {
            return previous; // a balance move: the counts (and the aggregate rooms) stay as they are
        } else {
            count(area, previous.productCode(), previous.status(), -1, touched);
        }
        count(area, entry.productCode(), entry.status(), +1, touched);
        return previous;
    }

    /** A facility moved (a corrected area): every entry of it leaves the old area's indexes and counts for the new. */
    private void move(String facility, List<String> oldCodes, FacilityArea oldArea, List<String> codes, FacilityArea area,
            Collection<Bucket> touched) {
        // The facility's own index holds each of its entries.
        for (StockEntry entry : List.copyOf(stockOf(facility))) {
            String key = key(facility, entry.productCode());
            for (String code : oldCodes) {
                remove(stockByCode, code, key);
            }
            count(oldArea, entry.productCode(), entry.status(), -1, touched);
            for (String code : codes) {
                stockByCode.computeIfAbsent(code, c -> new TreeMap<>()).put(key, entry);
            }
            count(area, entry.productCode(), entry.status(), +1, touched);
        }
    }

    /** Keeps an unresolved alert (replacing its previous version), or forgets a resolved one. */
    void putAlert(List<String> codes, Alert alert, boolean fromStream) {
        if (fromStream) {
            streamedAlerts.add(alert.alertId());
        }
        dropAlert(alert.alertId());
        if (Alert.RESOLVED.equals(alert.status())) {
            return;
        }
        codesOfAlert.put(alert.alertId(), codes);
        codes.forEach(code -> alertsByCode.computeIfAbsent(code, c -> new TreeMap<>()).put(alert.alertId(), alert));
    }

    private void dropAlert(String alertId) {
        List<String> old = codesOfAlert.remove(alertId);
        if (old != null) {
            old.forEach(code -> remove(alertsByCode, code, alertId));
        }
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
        // Keys are facility|product in order: a facility's entries are side by side, so count where the facility changes.
        int facilities = 0;
        String last = null;
        for (StockEntry entry : stockOf(code)) {
            if (!entry.facilityCode().equals(last)) {
                facilities++;
                last = entry.facilityCode();
            }
        }
        return facilities;
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

    /** The product → status → facilities maps a facility of {@code area} counts in (as {@link #count} walks them). */
    private List<Map<String, Map<String, Integer>>> cells(FacilityArea area) {
        List<Map<String, Map<String, Integer>>> cells = new ArrayList<>(3);
        if (area != null && area.stateCode() != null) {
            cells.add(cell(FacilityArea.NATIONAL, area.stateCode()));
            if (area.zoneCode() != null) {
                cells.add(cell(area.zoneCode(), area.stateCode()));
            }
            if (area.lgaCode() != null) {
                cells.add(cell(area.stateCode(), area.lgaCode()));
            }
        }
        return cells;
    }

    private Map<String, Map<String, Integer>> cell(String code, String child) {
        return counts.computeIfAbsent(code, c -> new TreeMap<>()).computeIfAbsent(child, c -> new TreeMap<>());
    }

    private void bump(String code, String child, String product, String status, int delta, Collection<Bucket> touched) {
        Map<String, Map<String, Integer>> byProduct = cell(code, child);
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

    /**
     * A run of entries already in key order, seen as a sorted map only so that {@link TreeMap#TreeMap(SortedMap)}
     * builds its tree from it in linear time, without comparing keys; nothing else of the interface is used.
     */
    private static final class SortedRun<K, V> extends java.util.AbstractMap<K, V> implements java.util.SortedMap<K, V> {

        private final List<Map.Entry<K, V>> run;

        SortedRun(List<Map.Entry<K, V>> run) {
            this.run = run;
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<K, V>> iterator() {
                    return run.iterator();
                }

                @Override
                public int size() {
                    return run.size();
                }
            };
        }

        @Override
        public java.util.Comparator<? super K> comparator() {
            return null; // natural order, as the TreeMaps it fills
        }

        @Override
        public java.util.SortedMap<K, V> subMap(K fromKey, K toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<K, V> headMap(K toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<K, V> tailMap(K fromKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public K firstKey() {
            return run.get(0).getKey();
        }

        @Override
        public K lastKey() {
            return run.get(run.size() - 1).getKey();
        }
    }
}
