package com.payroute.payment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Inject;

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
 * such a statement fails here.
 */
@QuarkusTest
class CachedStatementsTest {

    @Inject
    Pool pool;

    static Stream<Arguments> statements() {
        return Stream.of(Arguments.of("claim", PaymentTransitions.CLAIM), Arguments.of("accept", PaymentIntake.INSERT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void preparesWithoutParameterTypes(String name, String sql) {
        assertDoesNotThrow(() -> pool.withTransaction(conn -> conn.prepare(sql).call(statement -> statement.close()))
                .await().atMost(Duration.ofSeconds(10)), name);
    }
}
