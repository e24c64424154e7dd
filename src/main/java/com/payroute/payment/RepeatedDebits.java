package com.payroute.payment;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The repeated-debit incident's monitoring lesson: accounts (found by their blind index) debited more
 * than {@code payroute.guard.daily-debits} times by one merchant in the last 24 hours, FAILED ones
 * aside (alert PayrouteAccountDebitedRepeatedly).
 */
@Startup
@ApplicationScoped
public class RepeatedDebits {

    private final Pool pool;
    private final int threshold;
    private final AtomicLong accounts = new AtomicLong();

    RepeatedDebits(Pool pool, MeterRegistry registry, GuardConfig config) {
        this.pool = pool;
        this.threshold = config.dailyDebits();
        Gauge.builder("payroute.accounts.debited.repeatedly", accounts, AtomicLong::get)
                .description("Accounts debited more than payroute.guard.daily-debits times by one merchant in 24 h").register(registry);
    }

    @Scheduled(every = "${payroute.guard.interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.preparedQuery("select count(*) from (select 1 from payment where type = 'DEBIT' and status <> 'FAILED' "
                + "and account_index is not null and created_at > now() - interval '24 hours' "
                + "group by merchant_id, account_index having count(*) > $1) repeated")
                .execute(Tuple.of(threshold))
                .invoke(rows -> accounts.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
