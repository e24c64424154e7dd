package com.payroute.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.audit.AuditLog;
import com.payroute.channel.ChannelConfig;
import com.payroute.channel.ChannelRegistry;
import com.payroute.review.ReviewRow;
import com.payroute.review.Reviews;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Ops changes to a channel's merchant accounts (商户号) and to which account each business line
 * calls it under: validated, written with their audit row in one transaction (the channel's version
 * moves with them, so every replica reloads), then announced.
 */
@ApplicationScoped
public class ChannelAccounts {

    static final String DEFAULT_ACCOUNT = "default";
    static final Pattern ACCOUNT_NO = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern CREDENTIALS_REF = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final AuditLog audit;
    private final ChannelRegistry registry;

    private final Reviews reviews;

    ChannelAccounts(Pool pool, AuditLog audit, ChannelRegistry registry, Reviews reviews) {
        this.reviews = reviews;
        this.pool = pool;
        this.audit = audit;
        this.registry = registry;
    }

    /** POST .../accounts: a new account of the channel; 409 when the number or the credentials are taken. */
    public Uni<ChannelConfig> create(String code, AccountChange account, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (account == null || account.accountNo() == null || !ACCOUNT_NO.matcher(account.accountNo()).matches()) {
            errors.add(new FieldError("accountNo", "must be 1 to 64 of A-Z, a-z, 0-9, '_', '.' or '-'"));
        }
        if (account != null && account.maxConcurrency() == null) {
            errors.add(new FieldError("maxConcurrency", "is required"));
        }
        validate(account, errors);
        return change(code, actor, "CHANNEL_ACCOUNT_CREATED",
                conn -> insert(conn, code, account.accountNo(), account.credentialsRef(), account.maxConcurrency(), false));
    }

    /** What a PATCH of an account did: the channel now, and the review its new credentials wait for (or null). */
    public record Update(ChannelConfig channel, ReviewRow review) {
    }

    /**
     * PATCH .../accounts/{accountNo}: its limit at once; new credentials only once two people approved
     * (they decide where that account's secret goes).
     */
    public Uni<Update> update(String code, String accountNo, AccountChange change, String actor) {
        List<FieldError> errors = new ArrayList<>();
        if (change == null || (change.maxConcurrency() == null && change.credentialsRef() == null)) {
            errors.add(new FieldError("$", "name maxConcurrency and/or credentialsRef"));
        }
        if (change != null && change.accountNo() != null && !change.accountNo().equals(accountNo)) {
            errors.add(new FieldError("accountNo", "cannot be changed"));
        }
        validate(change, errors);
        Uni<ChannelConfig> limit = change.maxConcurrency() == null ? Uni.createFrom().item(() -> registry.find(code).orElse(null))
                : change(code, actor, "CHANNEL_ACCOUNT_UPDATED", conn -> conn.preparedQuery("update channel_account set "
                        + "max_concurrency = $3, updated_at = now() where channel_code = $1 and account_no = $2")
                        .execute(Tuple.of(code, accountNo, change.maxConcurrency()))
                        .invoke(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ApiException.notFound("channel account");
                            }
                        })
                        .replaceWithVoid());
        return limit.chain(channel -> change.credentialsRef() == null ? Uni.createFrom().item(new Update(channel, null))
                : pool.withTransaction(conn -> conn.preparedQuery("select credentials_ref from channel_account "
                        + "where channel_code = $1 and account_no = $2").execute(Tuple.of(code, accountNo))
                        .chain(rows -> {
                            if (rows.rowCount() == 0) {
                                throw ApiException.notFound("channel account");
                            }
                            if (change.credentialsRef().equals(rows.iterator().next().getString(0))) {
                                return Uni.createFrom().<ReviewRow>nullItem();
                            }
                            return reviews.open(conn, Reviews.CHANNEL_CHANGE, "channel:" + code, "change the credentials of account "
                                    + accountNo + " of channel " + code + " to " + change.credentialsRef(),
                                    new JsonObject().put("op", "credentials").put("code", code).put("accountNo", accountNo)
                                            .put("credentialsRef", change.credentialsRef()), actor)
                                    .chain(id -> reviews.find(conn, id));
                        }))
                        .map(review -> new Update(registry.find(code).orElse(channel), review)));
    }

    /** Approved new credentials of an account, audited, inside the review's transaction. */
    Uni<Void> setCredentialsAudited(SqlConnection conn, String code, String accountNo, String credentialsRef, String actor) {
        return ChannelCatalog.select(conn, code, true).chain(before -> setCredentials(conn, code, accountNo, credentialsRef)
                .chain(() -> conn.preparedQuery("update channel set version = version + 1, updated_at = now() where code = $1")
                        .execute(Tuple.of(code)))
                .chain(() -> ChannelCatalog.select(conn, code, false))
                .chain(after -> audit.record(conn, actor, "CHANNEL_ACCOUNT_UPDATED", "channel:" + code, ChannelCatalog.json(before),
                        ChannelCatalog.json(after))));
    }

    /** Approved new credentials of an account, inside the review's transaction; 409 when another account has them. */
    Uni<Void> setCredentials(SqlConnection conn, String code, String accountNo, String credentialsRef) {
        return conn.preparedQuery("update channel_account set credentials_ref = $3, updated_at = now() "
                + "where channel_code = $1 and account_no = $2")
                .execute(Tuple.of(code, accountNo, credentialsRef))
                .onFailure(PgException.class).transform(ChannelAccounts::conflict)
                .replaceWithVoid();
    }

    /** PUT .../bindings/{merchantId}: the business line calls the channel under this account from now on. */
    public Uni<ChannelConfig> bind(String code, String merchantId, Binding binding, String actor) {
        if (binding == null || binding.accountNo() == null || !ACCOUNT_NO.matcher(binding.accountNo()).matches()) {
            throw ApiException.validation(List.of(new FieldError("accountNo", "must name an account of the channel")));
        }
        return change(code, actor, "CHANNEL_BINDING_SET", conn -> conn.preparedQuery("select 1 from merchant where id = $1")
                .execute(Tuple.of(merchantId))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("merchant");
                    }
                })
                .chain(() -> conn.preparedQuery("select 1 from channel_account where channel_code = $1 and account_no = $2")
                        .execute(Tuple.of(code, binding.accountNo())))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.validation(List.of(new FieldError("accountNo", "is not an account of channel " + code)));
                    }
                })
                .chain(() -> conn.preparedQuery("insert into channel_binding (channel_code, merchant_id, account_no) values ($1, $2, $3) "
                        + "on conflict (channel_code, merchant_id) do update set account_no = excluded.account_no, updated_at = now()")
                        .execute(Tuple.of(code, merchantId, binding.accountNo())))
                .replaceWithVoid());
    }

    /** Inserts an account (the channel's default one when it is created). */
    Uni<Void> insert(SqlConnection conn, String code, String accountNo, String credentialsRef, int maxConcurrency, boolean isDefault) {
        return conn.preparedQuery("insert into channel_account (channel_code, account_no, credentials_ref, max_concurrency, is_default) "
                + "values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(code, accountNo, credentialsRef, maxConcurrency, isDefault))
                .onFailure(PgException.class).transform(ChannelAccounts::conflict)
                .replaceWithVoid();
    }

    /** Locks the channel, applies the change, moves its version, audits before and after, then announces. */
    private Uni<ChannelConfig> change(String code, String actor, String action,
            java.util.function.Function<SqlConnection, Uni<Void>> write) {
        return pool.withTransaction(conn -> ChannelCatalog.select(conn, code, true).chain(before -> write.apply(conn)
                .chain(() -> conn.preparedQuery("update channel set version = version + 1, updated_at = now() where code = $1")
                        .execute(Tuple.of(code)))
                .chain(() -> ChannelCatalog.select(conn, code, false))
                .call(after -> audit.record(conn, actor, action, "channel:" + code, ChannelCatalog.json(before),
                        ChannelCatalog.json(after)))))
                .call(registry::announceChange);
    }

    private static void validate(AccountChange change, List<FieldError> errors) {
        if (change != null) {
            ChannelCatalog.range(errors, "maxConcurrency", change.maxConcurrency(), 1, 10_000);
            if (change.credentialsRef() != null && !CREDENTIALS_REF.matcher(change.credentialsRef()).matches()) {
                errors.add(new FieldError("credentialsRef", "must be 1 to 64 of A-Z, a-z, 0-9, '_', '.' or '-'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static Throwable conflict(PgException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSqlState())) {
            return e;
        }
        return new ApiException(ErrorCode.CONFLICT, String.valueOf(e.getConstraint()).contains("credentials")
                ? "these credentials already belong to another channel account: a credentialsRef belongs to one account of one channel"
                : "the channel already has an account with this number");
    }
}
