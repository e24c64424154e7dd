package com.payroute.admin;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.payroute.audit.AuditLog;
import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.channel.Connectors;
import com.payroute.messaging.MessagePublisher;
import com.payroute.money.Money;
import com.payroute.review.ReviewRow;
import com.payroute.review.Reviews;
import com.payroute.security.UrlPolicy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Ops changes to channels: validated, written with their audit row in one transaction, then
 * announced so every replica reloads within a second or two (routing, consumers, prefetch).
 */
@ApplicationScoped
public class ChannelCatalog {

    private static final Logger LOG = Logger.getLogger(ChannelCatalog.class);
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern BANK = Pattern.compile("[A-Z0-9_]{2,32}");
    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?");
    private static final Set<String> TYPES = Set.of("DEBIT", "PAYOUT");

    private final Pool pool;
    private final AuditLog audit;
    private final ChannelRegistry registry;
    private final MessagePublisher publisher;
    private final Connectors connectors;
    private final ChannelAccounts accounts;
    private final Reviews reviews;
    private final UrlPolicy urls;

    ChannelCatalog(Pool pool, AuditLog audit, ChannelRegistry registry, MessagePublisher publisher, Connectors connectors,
            ChannelAccounts accounts, Reviews reviews, UrlPolicy urls) {
        this.urls = urls;
        this.reviews = reviews;
        this.pool = pool;
        this.audit = audit;
        this.registry = registry;
        this.publisher = publisher;
        this.connectors = connectors;
        this.accounts = accounts;
    }

    /** What a PATCH did: the channel as it is now, and the review that waits for the rest (null: nothing waits). */
    public record Update(ChannelConfig channel, ReviewRow review) {
    }

    /**
     * PATCH: what only reduces risk or tunes (disable, weights, limits, timeouts, the channel's clock)
     * acts at once; what could redirect money (re-enabling a disabled channel, a new baseUrl or
     * credentialsRef) opens a two-person review, in the same transaction.
     */
    public Uni<Update> update(String code, ChannelChange change, String actor) {
        validate(change);
        return pool.withTransaction(conn -> select(conn, code, true).chain(before -> {
            JsonObject reviewed = reviewed(before, change);
            return conn.preparedQuery("""
                    update channel set weight = coalesce($2, weight), enabled = enabled and coalesce($3, true),
                        timeout_ms = coalesce($4, timeout_ms), not_found_grace_ms = coalesce($5, not_found_grace_ms),
                        not_found_confirm_ms = coalesce($6, not_found_confirm_ms), timezone = coalesce($7, timezone),
                        cutoff = coalesce($8, cutoff), payout_windows = coalesce($9::text[], payout_windows),
                        version = version + 1, updated_at = now()
                    where code = $1""")
                    .execute(Tuple.tuple().addString(code).addInteger(change.weight()).addBoolean(change.enabled())
                            .addInteger(change.timeoutMs()).addInteger(change.notFoundGraceMs()).addInteger(change.notFoundConfirmMs())
                            .addString(change.timezone()).addString(change.cutoff())
                            .addArrayOfString(change.payoutWindows() == null ? null : change.payoutWindows().toArray(String[]::new)))
                    // maxConcurrency of a channel is its default account's limit
                    .chain(() -> conn.preparedQuery("update channel_account set max_concurrency = coalesce($2, max_concurrency), "
                            + "updated_at = now() where channel_code = $1 and is_default")
                            .execute(Tuple.of(code, change.maxConcurrency())))
                    .chain(() -> select(conn, code, false))
                    .call(after -> sameConfig(before, after) ? Uni.createFrom().voidItem()
                            : audit.record(conn, actor, "CHANNEL_UPDATED", "channel:" + code, json(before), json(after)))
                    .chain(after -> reviewed.isEmpty() ? Uni.createFrom().item(new Update(after, null))
                            : reviews.open(conn, Reviews.CHANNEL_CHANGE, "channel:" + code, "change channel " + code + ": "
                                    + reviewed.encode(), new JsonObject().put("op", "update").put("code", code).put("change", reviewed), actor)
                                    .chain(reviewId -> reviews.find(conn, reviewId))
                                    .map(review -> new Update(after, review)));
        })).call(update -> registry.announceChange());
    }

    /** Equal apart from the version a write always moves. */
    private static boolean sameConfig(ChannelConfig before, ChannelConfig after) {
        JsonObject a = json(before).put("version", 0);
        JsonObject b = json(after).put("version", 0);
        return a.equals(b);
    }

    /** The parts of a change that wait for a review: re-enabling a disabled channel, a new baseUrl or credentialsRef. */
    private static JsonObject reviewed(ChannelConfig before, ChannelChange change) {
        JsonObject reviewed = new JsonObject();
        if (Boolean.TRUE.equals(change.enabled()) && !before.enabled()) {
            reviewed.put("enabled", true);
        }
        if (change.baseUrl() != null && !change.baseUrl().equals(before.baseUrl())) {
            reviewed.put("baseUrl", change.baseUrl());
        }
        if (change.credentialsRef() != null && !change.credentialsRef().equals(before.defaultAccount().credentialsRef())) {
            reviewed.put("credentialsRef", change.credentialsRef());
        }
        return reviewed;
    }

    private void validate(ChannelChange change) {
        List<FieldError> errors = new ArrayList<>();
        if (change == null || change.isEmpty()) {
            throw ApiException.validation(List.of(new FieldError("$", "name at least one of " + ChannelChange.FIELDS)));
        }
        range(errors, "weight", change.weight(), 0, 1000);
        range(errors, "maxConcurrency", change.maxConcurrency(), 1, 10_000);
        range(errors, "timeoutMs", change.timeoutMs(), 100, 120_000);
        range(errors, "notFoundGraceMs", change.notFoundGraceMs(), 0, 86_400_000);
        range(errors, "notFoundConfirmMs", change.notFoundConfirmMs(), 0, 86_400_000);
        clock(errors, change.timezone(), change.cutoff(), change.payoutWindows());
        if (change.baseUrl() != null && !isHttpUrl(change.baseUrl())) {
            errors.add(new FieldError("baseUrl", "must be an absolute http or https URL"));
        } else if (change.baseUrl() != null) {
            urls.refusal(change.baseUrl(), UrlPolicy.Use.CHANNEL).ifPresent(why -> errors.add(new FieldError("baseUrl", why)));
        }
        if (change.credentialsRef() != null && !ChannelAccounts.CREDENTIALS_REF.matcher(change.credentialsRef()).matches()) {
            errors.add(new FieldError("credentialsRef", "must be 1 to 64 of A-Z, a-z, 0-9, '_', '.' or '-'"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    /** The channel's clock: an IANA time zone, a cut-off "HH:mm", payout windows "HH:mm-HH:mm". */
    static void clock(List<FieldError> errors, String timezone, String cutoff, List<String> payoutWindows) {
        if (timezone != null) {
            try {
                java.time.ZoneId.of(timezone);
            } catch (java.time.DateTimeException e) {
                errors.add(new FieldError("timezone", "must be an IANA time zone such as Asia/Shanghai"));
            }
        }
        if (cutoff != null && !cutoff.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            errors.add(new FieldError("cutoff", "must be HH:mm"));
        }
        if (payoutWindows != null && (payoutWindows.size() > 24
                || payoutWindows.stream().anyMatch(w -> w == null || !com.payroute.channel.PayoutWindows.valid(w)))) {
            errors.add(new FieldError("payoutWindows", "must be at most 24 ranges \"HH:mm-HH:mm\" (local; empty: always)"));
        }
    }

    /** POST /admin/channels: validated now, added once two people approved (a new address money could go to). */
    public Uni<ReviewRow> requestCreate(NewChannel c, String actor) {
        validate(c);
        JsonObject channel = JsonObject.mapFrom(c);
        return pool.withTransaction(conn -> conn.preparedQuery("select 1 from channel where code = $1").execute(Tuple.of(c.code()))
                .chain(rows -> {
                    if (rows.rowCount() > 0) {
                        throw new ApiException(ErrorCode.CONFLICT, "channel " + c.code() + " already exists");
                    }
                    return reviews.open(conn, Reviews.CHANNEL_CHANGE, "channel:" + c.code(), "add channel " + c.code() + " at "
                            + c.baseUrl(), new JsonObject().put("op", "create").put("channel", channel), actor);
                })
                .chain(reviewId -> reviews.find(conn, reviewId)));
    }

    /** An approved update (see {@link #reviewed}), inside the review's transaction. */
    Uni<Void> applyReviewed(SqlConnection conn, String code, JsonObject change, String actor) {
        return select(conn, code, true).chain(before -> conn.preparedQuery("""
                update channel set enabled = enabled or coalesce($2, false), base_url = coalesce($3, base_url),
                    version = version + 1, updated_at = now() where code = $1""")
                .execute(Tuple.of(code, change.getBoolean("enabled"), change.getString("baseUrl")))
                .chain(() -> change.getString("credentialsRef") == null ? Uni.createFrom().voidItem()
                        : accounts.setCredentials(conn, code, before.defaultAccount().accountNo(), change.getString("credentialsRef")))
                .chain(() -> select(conn, code, false))
                .chain(after -> audit.record(conn, actor, "CHANNEL_UPDATED", "channel:" + code, json(before), json(after))));
    }

    /** After an approved change committed: every replica reloads (and the new channel's queues exist). */
    Uni<Void> announce(String code) {
        return publisher.declareChannel(code)
                .onFailure().invoke(e -> LOG.warnf("queues of channel %s not declared yet (%s); its consumers will declare them",
                        code, e.toString()))
                .onFailure().recoverWithNull()
                .chain(registry::announceChange);
    }

    /** An approved new channel, inside the review's transaction. */
    Uni<Void> applyCreate(SqlConnection conn, NewChannel c, String actor) {
        validate(c);
        String connector = c.connector() == null ? "http" : c.connector();
        return conn.preparedQuery("""
                insert into channel (code, name, connector, base_url, enabled, weight, types, currencies, banks,
                    min_amount, max_amount, connect_timeout_ms, timeout_ms, not_found_grace_ms, not_found_confirm_ms,
                    timezone, cutoff, payout_windows)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce($14, 120000), coalesce($15, 30000),
                    coalesce($16, 'Asia/Shanghai'), coalesce($17, '23:00'), coalesce($18::text[], '{}'))
                on conflict (code) do nothing""")
                .execute(Tuple.tuple()
                        .addString(c.code()).addString(c.name()).addString(connector).addString(c.baseUrl())
                        .addBoolean(c.enabled() == null || c.enabled()).addInteger(c.weight())
                        .addArrayOfString(c.types().toArray(String[]::new))
                        .addArrayOfString(c.currencies().toArray(String[]::new))
                        .addArrayOfString(c.banks() == null ? new String[0] : c.banks().toArray(String[]::new))
                        .addValue(new BigDecimal(c.minAmount() == null ? "0.01" : c.minAmount()))
                        .addValue(new BigDecimal(c.maxAmount()))
                        .addInteger(c.connectTimeoutMs() == null ? 1000 : c.connectTimeoutMs())
                        .addInteger(c.timeoutMs())
                        .addInteger(c.notFoundGraceMs())
                        .addInteger(c.notFoundConfirmMs())
                        .addString(c.timezone()).addString(c.cutoff())
                        .addArrayOfString(c.payoutWindows() == null ? null : c.payoutWindows().toArray(String[]::new)))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiException(ErrorCode.CONFLICT, "channel " + c.code() + " already exists");
                    }
                    return accounts.insert(conn, c.code(), ChannelAccounts.DEFAULT_ACCOUNT, c.credentialsRef(), c.maxConcurrency(), true);
                })
                .chain(() -> select(conn, c.code(), false))
                .chain(created -> audit.record(conn, actor, "CHANNEL_CREATED", "channel:" + c.code(), null, json(created)));
    }

    /** The channel as the registry reads it, within {@code conn}'s transaction; 404 when there is none. */
    static Uni<ChannelConfig> select(SqlConnection conn, String code, boolean forUpdate) {
        return conn.preparedQuery(ChannelRegistry.SELECT + " where c.code = $1" + (forUpdate ? " for update of c" : ""))
                .execute(Tuple.of(code))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("channel");
                    }
                    Row row = rows.iterator().next();
                    return ChannelRegistry.config(row);
                });
    }

    /** The audited form of a channel's configuration, accounts and bindings included. */
    static JsonObject json(ChannelConfig c) {
        JsonArray accounts = new JsonArray();
        c.accounts().values().forEach(a -> accounts.add(new JsonObject().put("accountNo", a.accountNo())
                .put("credentialsRef", a.credentialsRef()).put("maxConcurrency", a.maxConcurrency()).put("default", a.isDefault())));
        return new JsonObject()
                .put("code", c.code()).put("name", c.name()).put("connector", c.connector()).put("baseUrl", c.baseUrl())
                .put("enabled", c.enabled()).put("weight", c.weight())
                .put("types", new JsonArray(c.types().stream().map(Enum::name).sorted().toList()))
                .put("currencies", new JsonArray(c.currencies().stream().sorted().toList()))
                .put("banks", new JsonArray(c.banks().stream().sorted().toList()))
                .put("minAmount", c.minAmount().toPlainString()).put("maxAmount", c.maxAmount().toPlainString())
                .put("connectTimeoutMs", c.connectTimeoutMs()).put("timeoutMs", c.timeoutMs())
                .put("notFoundGraceMs", c.notFoundGraceMs()).put("notFoundConfirmMs", c.notFoundConfirmMs())
                .put("timezone", c.timezone().getId()).put("cutoff", c.cutoff().toString())
                .put("payoutWindows", new JsonArray(c.payoutWindows().ranges().stream()
                        .map(r -> String.format("%02d:%02d-%02d:%02d", r.start() / 60, r.start() % 60, r.end() / 60, r.end() % 60)).toList()))
                .put("accounts", accounts).put("bindings", new JsonObject(new java.util.TreeMap<>(c.bindings())))
                .put("version", c.version());
    }

    private void validate(NewChannel c) {
        List<FieldError> errors = new ArrayList<>();
        if (c == null) {
            throw ApiException.validation(List.of(new FieldError("$", "a channel is required")));
        }
        if (c.code() == null || !CODE.matcher(c.code()).matches()) {
            errors.add(new FieldError("code", "must be 1 to 32 of a-z, 0-9, '_' or '-', starting with a letter or digit"));
        }
        if (c.name() == null || c.name().isBlank() || c.name().length() > 100) {
            errors.add(new FieldError("name", "must be 1 to 100 characters"));
        }
        if (c.connector() != null && !connectors.exists(c.connector())) {
            errors.add(new FieldError("connector", "is not a known connector"));
        }
        if (c.baseUrl() == null || !isHttpUrl(c.baseUrl())) {
            errors.add(new FieldError("baseUrl", "must be an absolute http or https URL"));
        } else {
            urls.refusal(c.baseUrl(), UrlPolicy.Use.CHANNEL).ifPresent(why -> errors.add(new FieldError("baseUrl", why)));
        }
        if (c.weight() == null) {
            errors.add(new FieldError("weight", "is required"));
        }
        range(errors, "weight", c.weight(), 0, 1000);
        if (c.types() == null || c.types().isEmpty() || !TYPES.containsAll(c.types())) {
            errors.add(new FieldError("types", "must name DEBIT and/or PAYOUT"));
        }
        if (c.currencies() == null || c.currencies().isEmpty()
                || c.currencies().stream().anyMatch(cur -> cur == null || !cur.matches("[A-Z]{3}") || Money.minorDigits(cur) < 0)) {
            errors.add(new FieldError("currencies", "must be ISO 4217 currency codes"));
        }
        if (c.banks() != null && c.banks().stream().anyMatch(b -> b == null || !BANK.matcher(b).matches())) {
            errors.add(new FieldError("banks", "must be bank codes of 2 to 32 of A-Z, 0-9, '_' (empty: every bank)"));
        }
        BigDecimal min = decimal(errors, "minAmount", c.minAmount() == null ? "0.01" : c.minAmount());
        BigDecimal max = c.maxAmount() == null ? null : decimal(errors, "maxAmount", c.maxAmount());
        if (c.maxAmount() == null) {
            errors.add(new FieldError("maxAmount", "is required"));
        }
        if (min != null && max != null && max.compareTo(min) < 0) {
            errors.add(new FieldError("maxAmount", "must not be below minAmount"));
        }
        if (c.maxConcurrency() == null) {
            errors.add(new FieldError("maxConcurrency", "is required"));
        }
        range(errors, "maxConcurrency", c.maxConcurrency(), 1, 10_000);
        range(errors, "connectTimeoutMs", c.connectTimeoutMs(), 100, 30_000);
        if (c.timeoutMs() == null) {
            errors.add(new FieldError("timeoutMs", "is required"));
        }
        range(errors, "timeoutMs", c.timeoutMs(), 100, 120_000);
        range(errors, "notFoundGraceMs", c.notFoundGraceMs(), 0, 86_400_000);
        range(errors, "notFoundConfirmMs", c.notFoundConfirmMs(), 0, 86_400_000);
        clock(errors, c.timezone(), c.cutoff(), c.payoutWindows());
        if (c.credentialsRef() != null && !ChannelAccounts.CREDENTIALS_REF.matcher(c.credentialsRef()).matches()) {
            errors.add(new FieldError("credentialsRef", "must be 1 to 64 of A-Z, a-z, 0-9, '_', '.' or '-'"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static BigDecimal decimal(List<FieldError> errors, String field, String text) {
        if (!DECIMAL.matcher(text).matches() || new BigDecimal(text).signum() <= 0) {
            errors.add(new FieldError(field, "must be a positive decimal string"));
            return null;
        }
        return new BigDecimal(text);
    }

    static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
