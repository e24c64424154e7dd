package com.payroute.payment;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One channel try of a payment, as ops read it. Read-only, like {@link Payment}. */
@Entity
@Table(name = "attempt")
public class Attempt extends PanacheEntityBase {

    @Id
    public String id;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "payment_id")
    public Payment payment;
    public int seq;
    @Column(name = "channel_code")
    public String channelCode;
    public String status;
    @Column(name = "outcome_code")
    public String outcomeCode;
    @Column(name = "outcome_message")
    public String outcomeMessage;
    @Column(name = "http_status")
    public Integer httpStatus;
    @Column(name = "latency_ms")
    public Integer latencyMs;
    @Column(name = "query_count")
    public int queryCount;
    @Column(name = "next_query_at")
    public OffsetDateTime nextQueryAt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
