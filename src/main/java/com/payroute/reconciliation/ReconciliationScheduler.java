package com.payroute.reconciliation;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The books close every day: for every channel the run of its last complete accounting day is opened
 * (once), and every due run is run, on whichever replica claims it first. A statement not ready yet
 * is asked for again on {@code payroute.reconciliation.fetch-retry} until it arrives; past its deadline
 * it is reported missing (未回盘).
 */
@ApplicationScoped
public class ReconciliationScheduler {

    private static final Logger LOG = Logger.getLogger(ReconciliationScheduler.class);
    static final String SCHEDULE = "daily reconciliation";

    private final Reconciliations runs;
    private final ReconciliationRunner runner;
    private final ChannelRegistry registry;
    private final ReconciliationConfig config;
    private final Clock clock;

    ReconciliationScheduler(Reconciliations runs, ReconciliationRunner runner, ChannelRegistry registry, ReconciliationConfig config,
            Clock clock) {
        this.runs = runs;
        this.runner = runner;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${payroute.reconciliation.interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        Uni<Void> opened = config.daily() ? openYesterdays() : Uni.createFrom().voidItem();
        return opened.chain(runs::due)
                .chain(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(runner::run).collect().last())
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("reconciliation round failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Each channel's last complete accounting day gets its run (once; a running or finished one is left alone). */
    private Uni<Void> openYesterdays() {
        return Multi.createFrom().iterable(registry.all())
                .onItem().transformToUniAndConcatenate(channel -> runs.request(channel, yesterday(channel), SCHEDULE, false))
                .collect().last().replaceWithVoid();
    }

    private java.time.LocalDate yesterday(ChannelConfig channel) {
        return channel.accountingDay(clock.instant()).minusDays(1);
    }
}
