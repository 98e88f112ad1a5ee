package ng.vaxtrace.gateway.rooms;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ng.vaxtrace.contracts.FacilityArea;

/**
 * Where each facility sits, as learnt from the events consumed (stock-level changes and alerts carry the facility's
 * {@code area}; the latest wins). The gateway has no reference data of its own, so this is how it tells whether a
 * facility room lies within a caller's area. One entry per facility seen (tens of thousands at most).
 */
@ApplicationScoped
public class FacilityAreas {

    private final Map<String, FacilityArea> areas = new ConcurrentHashMap<>();

    public void learn(String facilityCode, FacilityArea area) {
        if (facilityCode != null && area != null) {
            areas.put(facilityCode, area);
        }
    }

    public Optional<FacilityArea> of(String facilityCode) {
        return Optional.ofNullable(areas.get(facilityCode));
    }
}
