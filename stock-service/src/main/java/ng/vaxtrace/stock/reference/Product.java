package ng.vaxtrace.stock.reference;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import ng.vaxtrace.contracts.ProductReference;

/** An antigen, diluent or device line. */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {

    @Id
    public String code;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String kind;
    @Column(name = "doses_per_vial", nullable = false)
    public int dosesPerVial;
    @Column(name = "storage_min_c")
    public Integer storageMinC;
    @Column(name = "storage_max_c")
    public Integer storageMaxC;
    @Column(name = "freeze_sensitive", nullable = false)
    public boolean freezeSensitive;
    @Column(nullable = false)
    public boolean vvm;
    @Column(name = "open_vial_hours")
    public Integer openVialHours;
    @Column(name = "diluent_for")
    public String diluentFor;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public void apply(ProductReference reference, Instant now) {
        code = reference.code();
        name = reference.name();
        kind = reference.kind();
        dosesPerVial = reference.dosesPerVial();
        storageMinC = reference.storageMinC();
        storageMaxC = reference.storageMaxC();
        freezeSensitive = reference.freezeSensitive();
        vvm = reference.vvm();
        openVialHours = reference.openVialHours();
        diluentFor = reference.diluentFor();
        updatedAt = now;
    }
}
