package com.payroute.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.api.Ids;
import com.payroute.support.Fixtures;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Group commit of accepts: payments of one merchant arriving together share transactions, each still
 * answered with its own row only once committed; one whose part of the transaction fails takes its
 * group down with it, and the others are then stored alone, as if there had been no group.
 */
@QuarkusTest
class IntakeGroupsTest {

    private static final String MERCHANT = "m_demo";

    @Inject
    IntakeGroups groups;
    @Inject
    MeterRegistry meters;
    @Inject
    Fixtures fixtures;

    @Test
    void aFailingMemberFailsAloneAndEveryOtherPaymentIsStoredOnceWithItsOwnAnswer() throws Exception {
        DistributionSummary sizes = meters.summary("payroute.database.group.size", "kind", "payment");
        long transactionsBefore = sizes.count();
        double storedBefore = sizes.totalAmount();
        int failing = 10;
        BiFunction<SqlConnection, Row, Uni<Void>> nothing = (conn, row) -> Uni.createFrom().voidItem();
        BiFunction<SqlConnection, Row, Uni<Void>> refuses = (conn, row) -> Uni.createFrom().failure(new IllegalStateException("refused"));
        List<String> ids = new ArrayList<>();
        List<Uni<Row>> stores = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = Ids.payment();
            ids.add(id);
            stores.add(groups.store(MERCHANT, DuplicateGuard.merchantKey(MERCHANT), i, params(id), i == failing ? refuses : nothing));
        }
        // all subscribed within microseconds: the first few go alone at once, the rest wait and go together
        List<CompletableFuture<Row>> answers = stores.stream().map(Uni::subscribeAsCompletionStage).toList();

        for (int i = 0; i < answers.size(); i++) {
            if (i == failing) {
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> answers.get(failing).get(30, TimeUnit.SECONDS));
                assertInstanceOf(IllegalStateException.class, e.getCause());
            } else {
                assertEquals(ids.get(i), answers.get(i).get(30, TimeUnit.SECONDS).getString("id"), "each answered with its own payment");
            }
        }
        assertEquals("0", fixtures.value("select count(*) from payment where id = $1", ids.get(failing)), "the failing one was undone");
        for (int i = 0; i < ids.size(); i++) {
            if (i != failing) {
                assertEquals("1", fixtures.value("select count(*) from payment where id = $1", ids.get(i)), "stored: " + i);
            }
        }
        assertTrue(sizes.totalAmount() - storedBefore > sizes.count() - transactionsBefore,
                "some transaction stored more than one payment: " + (sizes.totalAmount() - storedBefore) + " payments in "
                        + (sizes.count() - transactionsBefore) + " transactions");
    }

    /** A payment no channel serves (FAILED at once, no callback): nothing else in the application picks it up. */
    private static Tuple params(String id) {
        byte[] index = new byte[32];
        new java.security.SecureRandom().nextBytes(index);
        return Tuple.tuple()
                .addString(id).addString(MERCHANT).addString("GROUP-" + id).addString("DEBIT").addBigDecimal(new BigDecimal("12.34"))
                .addString("CNY").addString("ICBC").addString("****1234").addValue(Buffer.buffer(new byte[] { 1 }))
                .addString("Li Lei").addString(null).addValue(null).addValue(Buffer.buffer(index))
                .addString("FAILED").addString(PaymentIntake.NO_ROUTE).addString("no route in this test")
                .addString(Ids.attempt()).addString(null).addString(Ids.event()).addValue(Buffer.buffer(index))
                .addBoolean(false).addValue(null);
    }
}
