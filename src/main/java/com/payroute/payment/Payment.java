package com.payroute.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A payment as ops read it (admin search). Read-only by design: every change of state is a
 * conditional UPDATE in {@link PaymentTransitions}, never a loaded entity saved back. The
 * encrypted account and the request hash are not mapped at all.
 */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "merchant_order_no")
    public String merchantOrderNo;
    public String type;
    public BigDecimal amount;
    public String currency;
    @Column(name = "bank_code")
    public String bankCode;
    @Column(name = "account_masked")
    public String accountMasked;
    public String status;
    @Column(name = "failure_code")
    public String failureCode;
    @Column(name = "failure_message")
    public String failureMessage;
    @Column(name = "flagged_at")
    public OffsetDateTime flaggedAt;
    @Column(name = "flag_reason")
    public String flagReason;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @OneToMany(mappedBy = "payment")
    @OrderBy("seq")
    public List<Attempt> attempts;
}
