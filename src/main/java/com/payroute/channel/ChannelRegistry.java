package com.payroute.channel;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.payroute.payment.PaymentType;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Every replica's in-memory copy of the channel table. A change anywhere increments a
 * version in Redis; each replica polls that version every {@code payroute.channels.reload-interval}
 * and reloads from PostgreSQL when it moved. If Redis is down, the poll reads a fingerprint of
 * the table itself, so changes still arrive within seconds.
 */
@ApplicationScoped
public class ChannelRegistry {

    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class);
    static final String VERSION_KEY = "{payroute}:channels:version";

    private record Snapshot(String version, Map<String, ChannelConfig> byCode) {
    }

    private final Pool pool;
    private final ReactiveRedisDataSource redis;
    private final Event<ChannelsChanged> changed;
    private volatile Snapshot snapshot = new Snapshot("", Map.of());
    private volatile boolean loaded;

    ChannelRegistry(Pool pool, ReactiveRedisDataSource redis, Event<ChannelsChanged> changed) {
        this.pool = pool;
        this.redis = redis;
        this.changed = changed;
    }

    void loadAtStartup(@Observes @Priority(20) StartupEvent event) {
        try {
            reload().await().indefinitely();
        } catch (RuntimeException e) {
            LOG.warnf("channels could not be loaded at startup (%s); retrying every reload interval", e.toString());
        }
    }

    public boolean isLoaded() {
        return loaded;
    }

    public Collection<ChannelConfig> all() {
        return snapshot.byCode().values();
    }

    public Optional<ChannelConfig> find(String code) {
        return Optional.ofNullable(snapshot.byCode().get(code));
    }

    /** Tells every replica (this one at once) that the channel table changed. */
    public Uni<Void> announceChange() {
        return redis.execute("INCR", VERSION_KEY)
                .onFailure().invoke(e -> LOG.warnf("could not bump the channel version in Redis (%s); replicas fall back to polling PostgreSQL", e.toString()))
                .onFailure().recoverWithNull()
                .chain(this::reload);
    }

    @Scheduled(every = "${payroute.channels.reload-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> poll() {
        return currentVersion()
                .chain(version -> version.equals(snapshot.version()) && loaded ? Uni.createFrom().voidItem() : reload())
                .onFailure().invoke(e -> LOG.debugf("channel reload check failed: %s", e))
                .onFailure().recoverWithNull();
    }

    /** The Redis version, or a fingerprint of the table when Redis is unreachable. */
    private Uni<String> currentVersion() {
        return redis.execute("GET", VERSION_KEY)
                .map(r -> "redis:" + (r == null ? "0" : r.toString()))
                .ifNoItem().after(java.time.Duration.ofMillis(500)).fail()
                .onFailure().recoverWithUni(() -> tableFingerprint(pool).map(f -> "table:" + f));
    }

    private static Uni<String> tableFingerprint(SqlClient client) {
        return client.query("select count(*) as n, coalesce(sum(version), 0) as v, coalesce(max(updated_at)::text, '') as t from channel")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getLong("n") + "/" + row.getLong("v") + "/" + row.getString("t");
                });
    }

    public Uni<Void> reload() {
        return currentVersion().chain(version -> pool.query("select " + COLUMNS + " from channel order by code").execute()
                .map(rows -> {
                    Map<String, ChannelConfig> byCode = new LinkedHashMap<>();
                    for (Row row : rows) {
                        ChannelConfig config = config(row);
                        byCode.put(config.code(), config);
                    }
                    return new Snapshot(version, Map.copyOf(byCode));
                }))
                .invoke(next -> {
                    Snapshot previous = snapshot;
                    snapshot = next;
                    loaded = true;
                    if (!previous.byCode().equals(next.byCode())) {
                        LOG.infof("channel configuration loaded: %d channels (version %s)", next.byCode().size(), next.version());
                        changed.fire(new ChannelsChanged(next.byCode().values()));
                    }
                })
                .replaceWithVoid();
    }

    /** The columns {@link #config(Row)} reads. */
    public static final String COLUMNS = "code, name, connector, base_url, credentials_ref, enabled, weight, types, currencies, banks, "
            + "min_amount, max_amount, max_concurrency, connect_timeout_ms, timeout_ms, version";

    public static ChannelConfig config(Row row) {
        Set<PaymentType> types = Arrays.stream(row.getArrayOfStrings("types")).map(PaymentType::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(PaymentType.class)));
        return new ChannelConfig(
                row.getString("code"),
                row.getString("name"),
                row.getString("connector"),
                row.getString("base_url"),
                row.getString("credentials_ref"),
                row.getBoolean("enabled"),
                row.getInteger("weight"),
                Set.copyOf(types),
                Set.of(row.getArrayOfStrings("currencies")),
                Set.of(row.getArrayOfStrings("banks")),
                row.getBigDecimal("min_amount").stripTrailingZeros(),
                row.getBigDecimal("max_amount").stripTrailingZeros(),
                row.getInteger("max_concurrency"),
                row.getInteger("connect_timeout_ms"),
                row.getInteger("timeout_ms"),
                row.getLong("version"));
    }
}
