package ng.vaxtrace.alert.redistribution;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ng.vaxtrace.alert.config.AlertConfig;
import ng.vaxtrace.data.Area;
import ng.vaxtrace.data.Geography;
import ng.vaxtrace.data.SyntheticNigeria;

/**
 * Where facilities are, for distances between them: the coordinates nigeria-data gives the supply chain's stores and
 * the synthetic health facilities stock-service seeds (same seed, same places), otherwise the centre of the
 * facility's LGA, or of its state. alert-service learns no coordinates from the topics yet (docs/redistribution.md).
 */
@ApplicationScoped
public class FacilityPlaces {

    private final Map<String, double[]> known = new HashMap<>();
    private final Geography geography = Geography.nigeria();

    public FacilityPlaces(AlertConfig config) {
        new SyntheticNigeria(config.redistribution().syntheticSeed(), config.redistribution().syntheticFacilitiesPerLga())
                .facilities().forEach(f -> {
                    if (f.latitude() != null && f.longitude() != null) {
                        known.put(f.code(), new double[] { f.latitude(), f.longitude() });
                    }
                });
    }

    /** The facility placed on the map; {@code null} when neither it nor its LGA or state is known. */
    public TransferPlanner.Site site(String facility, String zone, String state, String lga) {
        double[] point = known.get(facility);
        if (point == null) {
            Area area = lga == null ? null : geography.area(lga).orElse(null);
            if (area == null && state != null) {
                area = geography.area(state).orElse(null);
            }
            if (area == null) {
                return null;
            }
            point = new double[] { area.latitude(), area.longitude() };
        }
        return new TransferPlanner.Site(facility, zone, state, lga, point[0], point[1]);
    }
}
