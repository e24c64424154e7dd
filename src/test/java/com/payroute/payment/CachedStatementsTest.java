package com.payroute.payment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The statements every payment runs are ones the reactive client caches: PostgreSQL can tell every
 * parameter's type from the text alone. Otherwise the client prepares the statement again, with the
 * values' types, on every call and never caches it: the claim once cost a failed parse, a second
 * parse and a plan per payment. Prepared inside a transaction, where the client does not fall back,
 * such a statement fails here. And the plan cached for the claim finds the attempt by its key even
 * when it was made on an empty table, rather than reading a partial index of every ROUTED attempt.
 */
@QuarkusTest
class CachedStatementsTest {

    @Inject
    Pool pool;

    static Stream<Arguments> statements() {
        return Stream.of(Arguments.of("claim", PaymentTransitions.CLAIM), Arguments.of("accept", PaymentIntake.INSERT),
                Arguments.of("end", PaymentTransitions.END));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void preparesWithoutParameterTypes(String name, String sql) {
        assertDoesNotThrow(() -> pool.withTransaction(conn -> conn.prepare(sql).call(statement -> statement.close()))
                .await().atMost(Duration.ofSeconds(10)), name);
    }

    @Test
    void theClaimsCachedPlanMadeOnAnEmptyTableFindsTheAttemptByItsKey() {
        String plan = genericPlanOnEmptyTables(PaymentTransitions.CLAIM, 9);
        assertTrue(plan.contains("Index Cond: (id = $1)"), plan);
    }

    @Test
    void theEndingsCachedPlanMadeOnAnEmptyTableFindsAttemptAndPaymentByTheirKeys() {
        String plan = genericPlanOnEmptyTables(PaymentTransitions.END, 14);
        assertTrue(plan.contains("Index Scan using attempt_pkey on attempt"), plan);
        assertTrue(plan.contains("Index Scan using payment_pkey on payment"), plan);
    }

    private String genericPlanOnEmptyTables(String sql, int parameters) {
        String nulls = String.join(", ", java.util.Collections.nCopies(parameters, "null"));
        // empty copies of the tables shadow the real ones inside this transaction only (pg_temp comes first)
        return pool.withTransaction(conn -> conn.query("create temp table attempt (like public.attempt including all) on commit drop")
                .execute()
                .chain(() -> conn.query("create temp table payment (like public.payment including all) on commit drop").execute())
                .chain(() -> conn.query("create temp table notification (like public.notification including all) on commit drop").execute())
                .chain(() -> conn.query("set local plan_cache_mode = force_generic_plan").execute())
                .chain(() -> conn.query("prepare cached_plan as " + sql).execute())
                .chain(() -> conn.query("explain execute cached_plan(" + nulls + ")").execute())
                .call(() -> conn.query("deallocate cached_plan").execute())
                .map(rows -> {
                    StringBuilder text = new StringBuilder();
                    rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                    return text.toString();
                }))
                .await().atMost(Duration.ofSeconds(10));
    }
}
