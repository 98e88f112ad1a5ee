package ng.vaxtrace.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload of {@code ng.vaxtrace.reference.product.v1}: an antigen, diluent or device line and how it is kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductReference(
        String code,
        String name,
        String kind,
        int dosesPerVial,
        Integer storageMinC,
        Integer storageMaxC,
        boolean freezeSensitive,
        boolean vvm,
        Integer openVialHours,
        String diluentFor) {
}
