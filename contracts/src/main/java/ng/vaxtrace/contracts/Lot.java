package ng.vaxtrace.contracts;

import java.time.LocalDate;

/** A manufacturer's lot (batch) of a product, with its expiry date. */
public record Lot(String code, LocalDate expiry) {
}
