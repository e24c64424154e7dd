package com.payroute.simulator;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Seeds the simulated channels in dev and test (never in prod). A varied but fixed fleet:
 * different types, currencies, banks and amount ranges, so routing has real choices. An
 * existing row only gets its base URL refreshed: ops changes made at runtime are kept.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = { "dev", "test", "bench" })
public class SimulatorSeed {

    private static final Logger LOG = Logger.getLogger(SimulatorSeed.class);
    static final List<String> MAJOR_BANKS = List.of("ICBC", "CCB", "ABC", "BOC", "CMB");

    private final Pool pool;
    private final SimulatorConfig config;

    SimulatorSeed(Pool pool, SimulatorConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Runs before the channel registry loads (priority 20). */
    void seed(@Observes @Priority(15) StartupEvent event) {
        for (int i = 1; i <= config.channels(); i++) {
            String code = String.format("sim-%02d", i);
            String[] types = i > 28 ? new String[] { "PAYOUT" } : i > 24 ? new String[] { "DEBIT" } : new String[] { "DEBIT", "PAYOUT" };
            String[] currencies = switch (i % 8) {
                case 5 -> new String[] { "CNY", "USD" };
                case 6 -> new String[] { "CNY", "EUR" };
                case 7 -> new String[] { "CNY", "JPY", "USD" };
                default -> new String[] { "CNY" };
            };
            String[] banks = i % 2 == 1 ? new String[0] : MAJOR_BANKS.toArray(String[]::new);
            String maxAmount = i % 4 == 3 ? "1000000000" : "50000";
            pool.preparedQuery("""
                    with seeded as (
                        insert into channel (code, name, connector, base_url, enabled, weight, types, currencies, banks,
                            min_amount, max_amount, connect_timeout_ms, timeout_ms)
                        values ($1, $2, 'http', $3, true, 100, $4, $5, $6, 0.01, $7, 1000, 3000)
                        on conflict (code) do update set base_url = excluded.base_url
                        returning code
                    )
                    insert into channel_account (channel_code, account_no, max_concurrency, is_default)
                    select code, 'default', 20, true from seeded
                    on conflict (channel_code, account_no) do nothing
                    """)
                    .execute(Tuple.tuple()
                            .addString(code)
                            .addString("Simulated channel " + i)
                            .addString(config.baseUrl() + "/" + code)
                            .addArrayOfString(types)
                            .addArrayOfString(currencies)
                            .addArrayOfString(banks)
                            .addValue(new java.math.BigDecimal(maxAmount)))
                    .await().indefinitely();
        }
        LOG.infof("seeded %d simulated channels at %s", config.channels(), config.baseUrl());
    }
}
