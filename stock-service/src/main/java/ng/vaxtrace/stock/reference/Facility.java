package ng.vaxtrace.stock.reference;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.FacilityTier;

/** A store or health facility, with the area codes of its place in the hierarchy. */
@Entity
@Table(name = "facility")
public class Facility extends PanacheEntityBase {

    @Id
    public String code;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String tier;
    @Column(name = "zone_code")
    public String zoneCode;
    @Column(name = "state_code")
    public String stateCode;
    @Column(name = "lga_code")
    public String lgaCode;
    public Double latitude;
    public Double longitude;
    @Column(nullable = false)
    public boolean active;
    /** Annual target population for routine immunisation (surviving infants); null when never given. */
    @Column(name = "target_population")
    public Integer targetPopulation;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public FacilityTier tier() {
        return FacilityTier.valueOf(tier);
    }

    /** The areas whose aggregates include this facility, most specific first, ending with the nation. */
    public String areaChain() {
        StringBuilder chain = new StringBuilder();
        for (String area : new String[] { lgaCode, stateCode, zoneCode }) {
            if (area != null) {
                chain.append(area).append(',');
            }
        }
        return chain.append("NG").toString();
    }

    public void apply(FacilityReference reference, Instant now) {
        code = reference.code();
        name = reference.name();
        tier = reference.tier().name();
        zoneCode = reference.zoneCode();
        stateCode = reference.stateCode();
        lgaCode = reference.lgaCode();
        latitude = reference.latitude();
        longitude = reference.longitude();
        active = reference.active();
        if (reference.targetPopulation() != null) {
            targetPopulation = reference.targetPopulation(); // absent keeps the one last given (contract v1.4)
        }
        updatedAt = now;
    }
}
