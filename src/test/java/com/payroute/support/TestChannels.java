package com.payroute.support;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.payroute.channel.ChannelRegistry;
import com.payroute.messaging.MessagePublisher;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Channels that exist for one test only. Each test gives its channels a currency no other test
 * and no seeded channel uses, so its payments can only be routed to them.
 */
@ApplicationScoped
public class TestChannels {

    private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.currentTimeMillis() % 10_000));

    private final Pool pool;
    private final ChannelRegistry registry;
    private final MessagePublisher publisher;

    @ConfigProperty(name = "payroute.simulator.base-url")
    String simulatorBaseUrl;

    TestChannels(Pool pool, ChannelRegistry registry, MessagePublisher publisher) {
        this.pool = pool;
        this.registry = registry;
        this.publisher = publisher;
    }

    /**
     * Takes every earlier test channel serving {@code currency} out of routing (a run that failed
     * half-way may have left one enabled), so the test's own channels are the only candidates.
     */
    public void claimCurrency(String currency) {
        pool.preparedQuery("update channel set enabled = false, version = version + 1, updated_at = now() "
                + "where $1 = any(currencies) and code not like 'sim-%' and enabled")
                .execute(Tuple.of(currency)).await().indefinitely();
        registry.announceChange().await().indefinitely();
    }

    public String uniqueCode(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /**
     * Creates (or replaces) an enabled channel serving DEBIT and PAYOUT in {@code currency}, any bank,
     * whose default account allows {@code maxConcurrency} calls; not-found grace and confirmation at
     * their defaults (120 s and 30 s).
     */
    public String create(String code, String currency, int weight, int maxConcurrency, int timeoutMs) {
        return create(code, currency, weight, maxConcurrency, timeoutMs, 120_000, 30_000);
    }

    /** As {@link #create(String, String, int, int, int)}, with the channel's not-found grace and confirmation. */
    public String create(String code, String currency, int weight, int maxConcurrency, int timeoutMs, int notFoundGraceMs,
            int notFoundConfirmMs) {
        pool.preparedQuery("""
                with saved as (
                    insert into channel (code, name, connector, base_url, enabled, weight, types, currencies, banks,
                        min_amount, max_amount, connect_timeout_ms, timeout_ms, not_found_grace_ms, not_found_confirm_ms)
                    values ($1, $1, 'http', $2, true, $3, '{DEBIT,PAYOUT}', $4, '{}', 0.01, 1000000, 1000, $6, $7, $8)
                    on conflict (code) do update set enabled = true, weight = excluded.weight, currencies = excluded.currencies,
                        timeout_ms = excluded.timeout_ms, not_found_grace_ms = excluded.not_found_grace_ms,
                        not_found_confirm_ms = excluded.not_found_confirm_ms, version = channel.version + 1, updated_at = now()
                    returning code
                )
                insert into channel_account (channel_code, account_no, max_concurrency, is_default)
                select code, 'default', $5, true from saved
                on conflict (channel_code, account_no) do update set max_concurrency = excluded.max_concurrency
                """)
                .execute(Tuple.tuple().addString(code).addString(simulatorBaseUrl + "/" + code).addInteger(weight)
                        .addArrayOfString(new String[] { currency }).addInteger(maxConcurrency).addInteger(timeoutMs)
                        .addInteger(notFoundGraceMs).addInteger(notFoundConfirmMs))
                .await().indefinitely();
        publisher.declareChannel(code).await().indefinitely();
        registry.announceChange().await().indefinitely();
        return code;
    }

    public void update(String code, String setClause, Object... params) {
        pool.preparedQuery("update channel set " + setClause + ", version = version + 1, updated_at = now() where code = $1")
                .execute(Tuple.wrap(prepend(code, params))).await().indefinitely();
        registry.announceChange().await().indefinitely();
    }

    /** Takes a test's channels out of routing for good; a null code (a channel the test never got to create) is skipped. */
    public void retire(String... codes) {
        for (String code : codes) {
            if (code != null) {
                update(code, "enabled = false");
            }
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
