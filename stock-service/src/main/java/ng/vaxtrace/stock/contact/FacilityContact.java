package ng.vaxtrace.stock.contact;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A facility's contact person, as stored: ciphertext only (see {@link PiiCipher}); never read by anything but {@link ContactService}. */
@Entity
@Table(name = "facility_contact")
public class FacilityContact extends PanacheEntityBase {

    @Id
    @Column(name = "facility_code")
    public String facilityCode;
    @Column(name = "name_cipher", nullable = false)
    public byte[] nameCipher;
    @Column(name = "phone_cipher", nullable = false)
    public byte[] phoneCipher;
    @Column(name = "key_id", nullable = false)
    public String keyId;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Override
    public String toString() {
        return "FacilityContact[" + facilityCode + ", key " + keyId + "]";
    }
}
