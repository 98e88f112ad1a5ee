package ng.vaxtrace.stock.ledger;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The current balance of one lot of one product at one facility (lot '' when the product has no lots). */
@Entity
@Table(name = "stock_balance")
public class StockBalance extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "facility_code", nullable = false)
    public String facilityCode;
    @Column(name = "product_code", nullable = false)
    public String productCode;
    @Column(name = "lot_code", nullable = false)
    public String lotCode;
    @Column(name = "lot_expiry")
    public LocalDate lotExpiry;
    @Column(nullable = false)
    public long quantity;
    @Column(name = "last_occurred_at", nullable = false)
    public Instant lastOccurredAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
