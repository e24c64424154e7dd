package com.payroute.reconciliation;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.Connectors;

import io.agroal.api.AgroalDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs one reconciliation: claims it (one replica at a time), fetches the statement through the
 * channel's connector, streams it into PostgreSQL and compares it there, in ONE JDBC transaction on a
 * worker thread (never the event loop), then settles what the statement settled. A statement that is
 * not ready sends the run back to waiting; a failure marks it FAILED, to be tried again.
 */
@ApplicationScoped
public class ReconciliationRunner {

    private static final Logger LOG = Logger.getLogger(ReconciliationRunner.class);

    /** What the blocking part established. */
    private record Outcome(boolean ready, long lines, Comparison.Result result) {
    }

    private final Reconciliations runs;
    private final ChannelRegistry registry;
    private final Connectors connectors;
    private final AgroalDataSource jdbc;
    private final AutoSettlement settlement;
    private final ReconciliationConfig config;
    /** One run at a time per replica: it holds a JDBC connection and a worker thread for its length. */
    private final Semaphore running = new Semaphore(1);

    ReconciliationRunner(Reconciliations runs, ChannelRegistry registry, Connectors connectors, AgroalDataSource jdbc,
            AutoSettlement settlement, ReconciliationConfig config) {
        this.runs = runs;
        this.registry = registry;
        this.connectors = connectors;
        this.jdbc = jdbc;
        this.settlement = settlement;
        this.config = config;
    }

    /** Runs {@code id} if it is due and no other replica has it; the run as it ended (empty: not run here). */
    public Uni<Optional<ReconciliationRow>> run(String id) {
        if (!running.tryAcquire()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return runs.claim(id).chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(Optional.<ReconciliationRow>empty())
                : execute(claimed.get()).chain(() -> runs.find(id)))
                .onTermination().invoke(running::release);
    }

    private Uni<Void> execute(ReconciliationRow run) {
        ChannelConfig channel = registry.find(run.channel()).orElse(null);
        if (channel == null) {
            return runs.failed(run.id(), "unknown channel");
        }
        return Uni.createFrom().item(() -> compare(channel, run))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(outcome -> {
                    if (!outcome.ready()) {
                        LOG.infof("statement of %s for %s not ready yet (fetch %d); asking again later", channel.code(), run.day(), run.fetches());
                        return runs.notReady(run.id());
                    }
                    LOG.infof("reconciled %s %s: %d lines, %s", channel.code(), run.day(), outcome.lines(), outcome.result().counts().encode());
                    return settlement.settle(run, outcome.result().settle()).replaceWithVoid();
                })
                .onFailure().call(e -> {
                    LOG.warnf("reconciliation %s of %s %s failed: %s", run.id(), channel.code(), run.day(), e.toString());
                    return runs.failed(run.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
                })
                .onFailure().recoverWithNull();
    }

    /** The blocking part: fetch, load and compare in one transaction; DONE with its counts. */
    private Outcome compare(ChannelConfig channel, ReconciliationRow run) {
        try {
            Optional<InputStream> statement = connectors.of(channel).statement(channel, run.day());
            if (statement.isEmpty()) {
                return new Outcome(false, 0, null);
            }
            try (InputStream csv = statement.get(); Connection conn = jdbc.getConnection()) {
                conn.setAutoCommit(false);
                try (PreparedStatement timeout = conn.prepareStatement("select set_config('statement_timeout', ?, true)")) {
                    timeout.setString(1, config.statementTimeout().toMillis() + "ms");
                    timeout.execute();
                }
                try {
                    return loadAndCompare(conn, channel, run, csv);
                } catch (Exception e) {
                    conn.rollback();
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Outcome loadAndCompare(Connection conn, ChannelConfig channel, ReconciliationRow run, InputStream csv)
            throws java.sql.SQLException, java.io.IOException {
        long lines = StatementLoader.load(conn, run.id(), csv);
        Comparison.Result result = Comparison.compare(conn, run.id(), channel.code(), run.day());
        StatementLoader.clear(conn, run.id());
        try (PreparedStatement done = conn.prepareStatement("update reconciliation set status = 'DONE', counts = ?::jsonb, "
                + "statement_lines = ?, finished_at = clock_timestamp(), error = null where id = ? and status = 'RUNNING'")) {
            done.setString(1, result.counts().encode());
            done.setLong(2, lines);
            done.setString(3, run.id());
            done.executeUpdate();
        }
        conn.commit();
        return new Outcome(true, lines, result);
    }
}
