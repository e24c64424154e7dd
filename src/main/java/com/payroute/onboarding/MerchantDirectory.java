package com.payroute.onboarding;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.audit.AuditLog;
import com.payroute.security.CredentialChanges;
import com.payroute.security.IpAllowlist;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Business lines (merchants) by API: created with a notify secret answered once, read, and changed
 * (IP allowlist, rate limit, duplicate window, payout review limit), every change audited with its
 * before and after. A change of the allowlist reaches every replica with the credential changes.
 */
@ApplicationScoped
public class MerchantDirectory {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{1,63}");

    private final Pool pool;
    private final NotifySecrets secrets;
    private final AuditLog audit;
    private final CredentialChanges changes;

    MerchantDirectory(Pool pool, NotifySecrets secrets, AuditLog audit, CredentialChanges changes) {
        this.pool = pool;
        this.secrets = secrets;
        this.audit = audit;
        this.changes = changes;
    }

    public Uni<MerchantView> create(MerchantChange m, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (m == null || m.id() == null || !ID.matcher(m.id()).matches()) {
            errors.add(new FieldError("id", "must be 2 to 64 of a-z, 0-9, '_' or '-', starting with a letter or digit"));
        }
        if (m == null || m.name() == null || m.name().isBlank() || m.name().length() > 100) {
            errors.add(new FieldError("name", "must be 1 to 100 characters"));
        }
        Settings settings = settings(m, errors);
        NotifySecrets.Made secret = secrets.make(m.id());
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into merchant (id, name, notify_secret_cipher, ip_allowlist, rate_limit_per_second, duplicate_window,
                    payout_review_limit)
                values ($1, $2, $3, $4, $5, coalesce($6 * interval '1 second', interval '24 hours'), $7)
                on conflict (id) do nothing returning\s""" + MerchantView.COLUMNS)
                .execute(Tuple.tuple().addString(m.id()).addString(m.name()).addValue(Buffer.buffer(secret.sealed()))
                        .addArrayOfString(settings.allowlist()).addInteger(m.rateLimitPerSecond()).addLong(settings.windowSeconds())
                        .addBigDecimal(settings.reviewLimit()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ApiException(ErrorCode.CONFLICT, "merchant " + m.id() + " already exists");
                    }
                    MerchantView created = MerchantView.of(rows.iterator().next(), secret.secret());
                    return audit.record(conn, actor, "MERCHANT_CREATED", "merchant:" + m.id(), null, audited(created))
                            // every replica learns of the new merchant (its callback queue is consumed within a second)
                            .call(() -> changes.announce(conn))
                            .replaceWith(created);
                }));
    }

    public Uni<MerchantView> find(String id) {
        return pool.preparedQuery("select " + MerchantView.COLUMNS + " from merchant where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("merchant");
                    }
                    return MerchantView.of(rows.iterator().next(), null);
                });
    }

    public Uni<MerchantView> update(String id, MerchantChange m, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (m == null || (m.name() == null && m.ipAllowlist() == null && m.rateLimitPerSecond() == null && m.duplicateWindow() == null
                && m.payoutReviewLimit() == null)) {
            throw ApiException.validation(List.of(new FieldError("$", "name at least one of name, ipAllowlist, rateLimitPerSecond, "
                    + "duplicateWindow, payoutReviewLimit")));
        }
        if (m.id() != null && !m.id().equals(id)) {
            errors.add(new FieldError("id", "cannot be changed"));
        }
        if (m.name() != null && (m.name().isBlank() || m.name().length() > 100)) {
            errors.add(new FieldError("name", "must be 1 to 100 characters"));
        }
        Settings settings = settings(m, errors);
        return pool.withTransaction(conn -> locked(conn, id).chain(before -> conn.preparedQuery("""
                update merchant set name = coalesce($2, name),
                    ip_allowlist = case when $3::boolean then $4 else ip_allowlist end,
                    rate_limit_per_second = coalesce($5, rate_limit_per_second),
                    duplicate_window = coalesce($6 * interval '1 second', duplicate_window),
                    payout_review_limit = coalesce($7, payout_review_limit), updated_at = now()
                where id = $1 returning\s""" + MerchantView.COLUMNS)
                .execute(Tuple.tuple().addString(id).addString(m.name()).addBoolean(m.ipAllowlist() != null)
                        .addArrayOfString(settings.allowlist()).addInteger(m.rateLimitPerSecond()).addLong(settings.windowSeconds())
                        .addBigDecimal(settings.reviewLimit()))
                .map(rows -> MerchantView.of(rows.iterator().next(), null))
                .call(after -> audit.record(conn, actor, "MERCHANT_UPDATED", "merchant:" + id, audited(before), audited(after)))
                // the allowlist travels with cached API keys: every replica drops them
                .call(() -> changes.announce(conn))))
                .call(changes::invalidateHere);
    }

    private static Uni<MerchantView> locked(SqlConnection conn, String id) {
        return conn.preparedQuery("select " + MerchantView.COLUMNS + " from merchant where id = $1 for update").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("merchant");
                    }
                    return MerchantView.of(rows.iterator().next(), null);
                });
    }

    private record Settings(String[] allowlist, Long windowSeconds, BigDecimal reviewLimit) {
    }

    /** Checks the optional settings; throws with every bad field (and those already in {@code errors}). */
    private static Settings settings(MerchantChange m, List<FieldError> errors) {
        String[] allowlist = null;
        Long window = null;
        BigDecimal limit = null;
        if (m != null) {
            if (m.ipAllowlist() != null) {
                if (m.ipAllowlist().size() > 100 || m.ipAllowlist().stream().anyMatch(a -> a == null || !IpAllowlist.valid(a))) {
                    errors.add(new FieldError("ipAllowlist", "must be at most 100 IP addresses or CIDR blocks"));
                } else {
                    allowlist = m.ipAllowlist().isEmpty() ? null : m.ipAllowlist().toArray(String[]::new);
                }
            }
            if (m.rateLimitPerSecond() != null && (m.rateLimitPerSecond() < 1 || m.rateLimitPerSecond() > 100_000)) {
                errors.add(new FieldError("rateLimitPerSecond", "must be between 1 and 100000"));
            }
            if (m.duplicateWindow() != null) {
                try {
                    Duration d = Duration.parse(m.duplicateWindow());
                    if (d.isNegative() || d.compareTo(Duration.ofDays(31)) > 0) {
                        errors.add(new FieldError("duplicateWindow", "must be between PT0S and P31D"));
                    } else {
                        window = d.getSeconds();
                    }
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError("duplicateWindow", "must be an ISO-8601 duration such as PT24H"));
                }
            }
            if (m.payoutReviewLimit() != null) {
                if (!m.payoutReviewLimit().matches("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?") || new BigDecimal(m.payoutReviewLimit()).signum() <= 0) {
                    errors.add(new FieldError("payoutReviewLimit", "must be a positive decimal string"));
                } else {
                    limit = new BigDecimal(m.payoutReviewLimit());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new Settings(allowlist, window, limit);
    }

    private static JsonObject audited(MerchantView m) {
        return new JsonObject().put("id", m.id()).put("name", m.name()).put("ipAllowlist", m.ipAllowlist())
                .put("rateLimitPerSecond", m.rateLimitPerSecond()).put("duplicateWindow", m.duplicateWindow())
                .put("payoutReviewLimit", m.payoutReviewLimit());
    }
}
