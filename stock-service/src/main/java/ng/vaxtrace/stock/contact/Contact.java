package ng.vaxtrace.stock.contact;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A facility's contact in clear, as the API answers it to officers in scope. Its toString never shows the values. */
@RegisterForReflection
public record Contact(String facilityCode, String name, String phone, Instant updatedAt, String updatedBy) {

    @Override
    public String toString() {
        return "Contact[" + facilityCode + ", name " + Masking.name(name) + ", phone " + Masking.phone(phone) + "]";
    }
}
