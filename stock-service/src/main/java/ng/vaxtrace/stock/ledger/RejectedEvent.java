package ng.vaxtrace.stock.ledger;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A stock event we received but could not apply, kept with its reason so nothing is silently lost. */
@Entity
@Table(name = "rejected_event")
public class RejectedEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "event_id", nullable = false)
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    @Column(name = "facility_code")
    public String facilityCode;
    @Column(nullable = false)
    public String reason;
    @Column(nullable = false)
    public String payload;
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
