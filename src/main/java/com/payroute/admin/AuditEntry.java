package com.payroute.admin;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One audit row, for reading: the log is written by {@link com.payroute.audit.AuditLog} and never changed. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public Long id;
    public OffsetDateTime at;
    public String actor;
    public String action;
    public String target;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "before")
    public String before;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "after")
    public String after;
}
