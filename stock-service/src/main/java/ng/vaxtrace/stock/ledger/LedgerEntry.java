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

/** One applied stock event. Its facts are append-only (the database refuses changes); delta and balance are derived. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "event_id", nullable = false, updatable = false)
    public String eventId;
    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;
    @Column(name = "facility_code", nullable = false, updatable = false)
    public String facilityCode;
    @Column(name = "product_code", nullable = false, updatable = false)
    public String productCode;
    @Column(name = "lot_code", nullable = false, updatable = false)
    public String lotCode;
    @Column(name = "lot_expiry", updatable = false)
    public LocalDate lotExpiry;
    @Column(nullable = false, updatable = false)
    public long quantity;
    /** Derived: the change this entry made to its lot balance (recomputed when a late event lands before it). */
    @Column(nullable = false)
    public long delta;
    /** Derived: the lot balance after this entry. */
    @Column(name = "balance_after", nullable = false)
    public long balanceAfter;
    @Column(name = "occurred_at", nullable = false, updatable = false)
    public Instant occurredAt;
    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;
    @Column(nullable = false, updatable = false)
    public String source;
    @Column(name = "source_system", nullable = false, updatable = false)
    public String sourceSystem;
    @Column(name = "vvm_stage", updatable = false)
    public Short vvmStage;
    @Column(updatable = false)
    public String reason;
    @Column(name = "counterparty_code", updatable = false)
    public String counterpartyCode;
}
