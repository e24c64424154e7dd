package com.payroute.notify;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A callback of the outbox, as ops read it. Read-only: its state changes are conditional UPDATEs. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    @Column(name = "object_id")
    public String objectId;
    @Column(name = "payment_id")
    public String paymentId;
    @Column(name = "merchant_id")
    public String merchantId;
    public String url;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;
    @Column(name = "last_status_code")
    public Integer lastStatusCode;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;
}
