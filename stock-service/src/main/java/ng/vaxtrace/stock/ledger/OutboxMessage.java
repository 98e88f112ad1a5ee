package ng.vaxtrace.stock.ledger;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A record to publish, written in the same transaction as the change it announces; deleted once Kafka acknowledged
 * it. A row that outlives a crash is published by the outbox sweep.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String topic;
    @Column(name = "message_key", nullable = false)
    public String messageKey;
    @Column(nullable = false)
    public String payload;
    /** The areas whose cached aggregates this change makes stale (comma-separated, most specific first). */
    @Column(name = "invalidate_areas", nullable = false)
    public String invalidateAreas = "";
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
