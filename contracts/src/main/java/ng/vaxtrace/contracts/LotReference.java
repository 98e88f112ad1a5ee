package ng.vaxtrace.contracts;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payload of {@code ng.vaxtrace.reference.lot.v1}: a manufacturer's lot of a product with its expiry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LotReference(String productCode, String code, LocalDate expiry, String manufacturer) {
}
