package com.payroute.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.payroute.support.Fixtures;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Group commit of one-statement transactions: statements arriving together share transactions; a
 * statement that fails fails alone while the others of its group commit; and when a group's COMMIT
 * itself fails, no member hears success (a deferred constraint makes the commit fail here).
 */
@QuarkusTest
class StatementGroupsTest {

    private static final String INSERT = "insert into group_commit_probe (id, run, n, ref) values ($1, $2, $3, $4)";

    @Inject
    StatementGroups statements;
    @Inject
    MeterRegistry meters;
    @Inject
    Fixtures fixtures;

    @BeforeEach
    void probeTables() {
        fixtures.execute("create table if not exists group_commit_ref (id int primary key)");
        fixtures.execute("create table if not exists group_commit_probe (id text primary key, run text not null, "
                + "n int not null check (n >= 0), ref int references group_commit_ref (id) deferrable initially deferred)");
    }

    @Test
    void aFailingStatementFailsAloneAndTheOthersCommitOnce() throws Exception {
        DistributionSummary sizes = meters.summary("payroute.database.group.size", "kind", "statement");
        long transactionsBefore = sizes.count();
        double statementsBefore = sizes.totalAmount();
        String run = UUID.randomUUID().toString();
        int failing = 10;
        // all subscribed within microseconds: the first few go alone at once, the rest wait and go together
        List<CompletableFuture<RowSet<Row>>> answers = IntStream.range(0, 30)
                .mapToObj(i -> statements.execute(INSERT, Tuple.of(run + "-" + i, run, i == failing ? -1 : i, null))
                        .subscribeAsCompletionStage())
                .toList();

        for (int i = 0; i < answers.size(); i++) {
            if (i == failing) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> answers.get(failing).get(30, TimeUnit.SECONDS));
                assertEquals("23514", assertInstanceOf(PgException.class, e.getCause()).getSqlState(), "its own check violation");
            } else {
                assertEquals(1, answers.get(i).get(30, TimeUnit.SECONDS).rowCount());
            }
        }
        assertEquals("29", fixtures.value("select count(*) from group_commit_probe where run = $1", run), "each other one, once");
        assertTrue(sizes.totalAmount() - statementsBefore > sizes.count() - transactionsBefore,
                "some transaction carried more than one statement");
    }

    @Test
    void whenTheGroupsCommitFailsNoMemberHearsSuccessAndNothingIsStored() throws Exception {
        String run = UUID.randomUUID().toString();
        // a reference to nothing, checked only at COMMIT: every group holding it fails at its commit
        List<CompletableFuture<RowSet<Row>>> answers = IntStream.range(0, 30)
                .mapToObj(i -> statements.execute(INSERT, Tuple.of(run + "-" + i, run, i, 404)).subscribeAsCompletionStage())
                .toList();
        for (CompletableFuture<RowSet<Row>> answer : answers) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(30, TimeUnit.SECONDS));
            assertEquals("23503", assertInstanceOf(PgException.class, e.getCause()).getSqlState());
        }
        assertEquals("0", fixtures.value("select count(*) from group_commit_probe where run = $1", run));
    }
}
