package com.payroute.batch;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.api.FieldError;
import com.payroute.api.Ids;
import com.payroute.api.Problem;
import com.payroute.money.PaymentType;
import com.payroute.notify.CallbackQueue;
import com.payroute.notify.Outbox;
import com.payroute.payment.DeferredRoutes;
import com.payroute.payment.DuplicateGuard;
import com.payroute.payment.LargePayments;
import com.payroute.payment.PaymentIntake;
import com.payroute.payment.PaymentRequest;
import com.payroute.payment.PaymentRequestReader;
import com.payroute.review.Reviews;
import com.payroute.security.AccountCipher;
import com.payroute.security.AccountIndex;
import com.payroute.security.AccountNumberMask;
import com.payroute.security.TokenHash;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Accepts a batch (API.md section 1, "Batches"). Each item is checked on its own: a bad one is
 * reported with its index and errors and never stops the others. Every good item becomes an ordinary
 * payment (its own merchantOrderNo, the same guards, its own callbacks), stored with the batch in ONE
 * transaction, in chunks of multi-row inserts: a process killed meanwhile leaves nothing, and the
 * caller's retry (idempotent on merchantBatchNo) stores it all. Items are not routed here: they are due
 * at once for deferred routing, which spreads them fairly over the channels' queues.
 *
 * <p>The transaction holds the merchant's duplicate-guard lock exclusively (single payments hold it
 * shared), so look-alikes within the batch and against every other payment of the merchant are found
 * race-free with one lock instead of one per item.
 */
@ApplicationScoped
public class BatchIntake {

    /** The batch and whether this request created it. */
    public record Intake(BatchRow batch, boolean created) {
    }

    /** A good item, ready to be stored. */
    private record Item(int index, String paymentId, PaymentRequest request, byte[] accountIndex, byte[] requestHash,
            String holdReason) {
    }

    private final Pool pool;
    private final PaymentRequestReader items;
    private final AccountCipher cipher;
    private final AccountIndex accountIndex;
    private final Reviews reviews;
    private final BatchLookup lookup;
    private final BatchConfig config;
    private final DeferredRoutes routes;
    private final Outbox outbox;
    private final CallbackQueue callbacks;

    private final LargePayments large;

    BatchIntake(Pool pool, PaymentRequestReader items, AccountCipher cipher, AccountIndex accountIndex, Reviews reviews,
            BatchLookup lookup, BatchConfig config, DeferredRoutes routes, Outbox outbox, CallbackQueue callbacks, LargePayments large) {
        this.large = large;
        this.pool = pool;
        this.items = items;
        this.cipher = cipher;
        this.accountIndex = accountIndex;
        this.reviews = reviews;
        this.lookup = lookup;
        this.config = config;
        this.routes = routes;
        this.outbox = outbox;
        this.callbacks = callbacks;
    }

    public Uni<Intake> accept(String merchantId, BatchRequest request) {
        byte[] requestHash = accountIndex.fingerprint(merchantId + "\nbatch\n" + request.canonicalContent());
        return lookup.byMerchantBatchNo(merchantId, request.merchantBatchNo()).chain(found -> found.isPresent()
                ? Uni.createFrom().item(existing(found.get(), requestHash))
                : store(merchantId, request, requestHash));
    }

    private Uni<Intake> store(String merchantId, BatchRequest request, byte[] requestHash) {
        String batchId = Ids.batch();
        JsonArray rejected = new JsonArray();
        List<Item> checked = check(request, rejected);
        List<Item> stored = new ArrayList<>();
        List<com.payroute.notify.CallbackDue> due = new ArrayList<>();
        return pool.withTransaction(conn -> conn.preparedQuery("select set_config('lock_timeout', $1, true), pg_advisory_xact_lock($2)")
                .execute(Tuple.of(DuplicateGuard.LOCK_TIMEOUT, DuplicateGuard.merchantKey(merchantId)))
                // under the lock: a concurrent copy of this batch committed first?
                .chain(() -> conn.preparedQuery("select " + BatchRow.COLUMNS + " from batch where merchant_id = $1 and merchant_batch_no = $2")
                        .execute(Tuple.of(merchantId, request.merchantBatchNo())))
                .chain(rows -> {
                    if (rows.rowCount() > 0) {
                        return Uni.createFrom().item(Optional.of(existing(BatchRow.of(rows.iterator().next()), requestHash)));
                    }
                    return guard(conn, merchantId, request.type(), checked, rejected)
                            .invoke(stored::addAll)
                            .chain(good -> insertPayments(conn, merchantId, batchId, request, good))
                            .chain(() -> openReviews(conn, merchantId, stored))
                            .chain(() -> insertBatch(conn, merchantId, batchId, request, requestHash, stored, rejected))
                            .call(batch -> batch.status().equals("COMPLETED") && batch.notifyUrl() != null
                                    ? outbox.record(conn, BatchEvents.COMPLETED, batchId, merchantId, batch.notifyUrl()).invoke(c -> {
                                        if (c != null) {
                                            due.add(c);
                                        }
                                    })
                                    : Uni.createFrom().nullItem())
                            .map(batch -> Optional.of(new Intake(batch, true)));
                }))
                .map(Optional::get)
                .call(intake -> {
                    if (intake.created()) {
                        stored.forEach(item -> large.accepted(merchantId, request.type(), item.request().currency(), item.request().amount()));
                        routes.kick();
                    }
                    return callbacks.dispatchAll(due);
                });
    }

    private Intake existing(BatchRow batch, byte[] requestHash) {
        if (!TokenHash.matches(batch.requestHash(), requestHash)) {
            throw new ApiException(Problem.of(ErrorCode.IDEMPOTENCY_MISMATCH,
                    "merchantBatchNo " + batch.merchantBatchNo() + " was already used for a batch with different content"), null);
        }
        return new Intake(batch, false);
    }

    /** Checks every item on its own, as a payment of the batch's type; bad ones go to {@code rejected}. */
    private List<Item> check(BatchRequest request, JsonArray rejected) {
        List<Item> good = new ArrayList<>();
        Set<String> orderNos = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            JsonNode node = request.items().get(i);
            String orderNo = node.isObject() && node.path("merchantOrderNo").isTextual() ? node.get("merchantOrderNo").textValue() : null;
            if (node.isObject() && node.has("type")) {
                reject(rejected, i, orderNo, "VALIDATION_FAILED", List.of(new FieldError("type", "is the batch's: leave it out of items")), null);
                continue;
            }
            PaymentRequest item;
            try {
                item = items.read(node.isObject() ? ((ObjectNode) node.deepCopy()).put("type", request.type().name()) : node);
            } catch (ApiException e) {
                reject(rejected, i, orderNo, e.problem().code(), e.problem().errors(), null);
                continue;
            }
            if (!orderNos.add(item.merchantOrderNo())) {
                reject(rejected, i, orderNo, "MERCHANT_ORDER_NO_USED",
                        List.of(new FieldError("merchantOrderNo", "appears more than once in this batch")), null);
                continue;
            }
            if (item.notifyUrl() == null && request.notifyUrl() != null) {
                item = new PaymentRequest(item.merchantOrderNo(), item.type(), item.amount(), item.currency(), item.bankCode(),
                        item.accountNumber(), item.holderName(), request.notifyUrl(), item.metadata(), item.allowDuplicate());
            }
            good.add(new Item(i, Ids.payment(), item, accountIndex.of(item.accountNumber()), null, null));
        }
        return good;
    }

    /**
     * The guards, under the merchant's lock: an order number used before, a suspected duplicate (of an
     * earlier payment or an earlier item: a DEBIT is rejected unless the item allows it, a PAYOUT held),
     * a PAYOUT at or above the merchant's review limit (held). What is left to store.
     */
    private Uni<List<Item>> guard(SqlConnection conn, String merchantId, PaymentType type, List<Item> checked, JsonArray rejected) {
        String[] orderNos = checked.stream().map(i -> i.request().merchantOrderNo()).toArray(String[]::new);
        String[] indexes = checked.stream().map(i -> HexFormat.of().formatHex(i.accountIndex())).toArray(String[]::new);
        BigDecimal[] amounts = checked.stream().map(i -> i.request().amount()).toArray(BigDecimal[]::new);
        Set<String> usedOrderNos = new HashSet<>();
        Map<String, String> earlier = new HashMap<>();
        BigDecimal[] reviewLimit = new BigDecimal[1];
        return conn.preparedQuery("select merchant_order_no from payment where merchant_id = $1 and merchant_order_no = any($2)")
                .execute(Tuple.of(merchantId, orderNos))
                .invoke(rows -> rows.forEach(row -> usedOrderNos.add(row.getString(0))))
                // the merchant matched with an operator no index serves: only payment_guard_idx, by account, answers
                .chain(() -> conn.preparedQuery("""
                        select distinct on (p.account_index, p.amount) encode(p.account_index, 'hex') as idx, p.amount, p.id
                        from payment p
                        join (select distinct decode(u.idx, 'hex') as idx, u.amount
                              from unnest($3::text[], $4::numeric[]) as u(idx, amount)) w
                          on p.account_index = w.idx and p.amount = w.amount
                        where p.merchant_id is not distinct from $1 and p.type = $2 and p.status <> 'FAILED'
                          and p.created_at > now() - (select duplicate_window from merchant where id = $1)
                        order by p.account_index, p.amount, p.created_at desc""")
                        .execute(Tuple.tuple().addString(merchantId).addString(type.name()).addArrayOfString(indexes)
                                .addValue(amounts)))
                .invoke(rows -> rows.forEach(row -> earlier.put(key(row.getString("idx"), row.getBigDecimal("amount")), row.getString("id"))))
                .chain(() -> conn.preparedQuery("select payout_review_limit from merchant where id = $1").execute(Tuple.of(merchantId)))
                .map(rows -> {
                    reviewLimit[0] = rows.rowCount() == 0 ? null : rows.iterator().next().getBigDecimal(0);
                    List<Item> kept = new ArrayList<>();
                    for (Item item : checked) {
                        PaymentRequest r = item.request();
                        if (usedOrderNos.contains(r.merchantOrderNo())) {
                            reject(rejected, item.index(), r.merchantOrderNo(), "MERCHANT_ORDER_NO_USED",
                                    List.of(new FieldError("merchantOrderNo", "was already used for another payment")), null);
                            continue;
                        }
                        String key = key(HexFormat.of().formatHex(item.accountIndex()), r.amount());
                        String duplicateOf = earlier.get(key);
                        String hold = null;
                        if (duplicateOf != null && type == PaymentType.DEBIT && !r.allowDuplicate()) {
                            reject(rejected, item.index(), r.merchantOrderNo(), ErrorCode.DUPLICATE_SUSPECTED.name(),
                                    List.of(new FieldError("account", "a DEBIT of the same amount from this account was made recently "
                                            + "(paymentId); set allowDuplicate if the customer confirmed it")), duplicateOf);
                            continue;
                        }
                        if (duplicateOf != null && type == PaymentType.PAYOUT) {
                            hold = PaymentIntake.DUPLICATE_SUSPECTED;
                        } else if (type == PaymentType.PAYOUT && reviewLimit[0] != null && r.amount().compareTo(reviewLimit[0]) >= 0) {
                            hold = PaymentIntake.AMOUNT_OVER_REVIEW_LIMIT;
                        }
                        earlier.putIfAbsent(key, item.paymentId());
                        byte[] hash = accountIndex.fingerprint(merchantId + "\n" + r.canonicalContent());
                        kept.add(new Item(item.index(), item.paymentId(), r, item.accountIndex(), hash, hold));
                    }
                    return kept;
                });
    }

    private static String key(String hexIndex, BigDecimal amount) {
        return hexIndex + "/" + amount.stripTrailingZeros().toPlainString();
    }

    /** The good items as payments, {@code insertChunk} rows per statement, all due for routing now (or held). */
    private Uni<Void> insertPayments(SqlConnection conn, String merchantId, String batchId, BatchRequest request, List<Item> good) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int from = 0; from < good.size(); from += config.insertChunk()) {
            List<Item> chunk = good.subList(from, Math.min(good.size(), from + config.insertChunk()));
            chain = chain.chain(() -> conn.preparedQuery("""
                    insert into payment (id, merchant_id, merchant_order_no, type, amount, currency, bank_code, account_masked,
                        account_cipher, holder_name, notify_url, metadata, request_hash, status, hold_reason, held_at,
                        account_index, batch_id, batch_index, route_at, created_at, updated_at)
                    select u.id, $1, u.order_no, $2, u.amount, u.currency, u.bank_code, u.masked, decode(u.cipher, 'hex'),
                        u.holder, u.notify_url, u.metadata::jsonb, decode(u.hash, 'hex'),
                        case when u.hold is null then 'PROCESSING' else 'ON_HOLD' end, u.hold,
                        case when u.hold is null then null else now() end, decode(u.idx, 'hex'), $3, u.batch_index,
                        case when u.hold is null then $4::timestamptz end, now(), now()
                    from unnest($5::text[], $6::text[], $7::numeric[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                        $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::int[])
                        as u(id, order_no, amount, currency, bank_code, masked, cipher, holder, notify_url, metadata, hash, hold, idx,
                             batch_index)""")
                    .execute(Tuple.tuple().addString(merchantId).addString(request.type().name()).addString(batchId).addValue(now)
                            .addArrayOfString(chunk.stream().map(Item::paymentId).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> i.request().merchantOrderNo()).toArray(String[]::new))
                            .addValue(chunk.stream().map(i -> i.request().amount()).toArray(BigDecimal[]::new))
                            .addArrayOfString(chunk.stream().map(i -> i.request().currency()).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> i.request().bankCode()).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> AccountNumberMask.mask(i.request().accountNumber())).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> HexFormat.of().formatHex(
                                    cipher.encrypt(i.request().accountNumber(), i.paymentId()))).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> i.request().holderName()).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> i.request().notifyUrl()).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> i.request().metadata() == null ? null
                                    : new JsonObject(new java.util.LinkedHashMap<>(i.request().metadata())).encode()).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> HexFormat.of().formatHex(i.requestHash())).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(Item::holdReason).toArray(String[]::new))
                            .addArrayOfString(chunk.stream().map(i -> HexFormat.of().formatHex(i.accountIndex())).toArray(String[]::new))
                            .addArrayOfInteger(chunk.stream().map(Item::index).toArray(Integer[]::new)))
                    .replaceWithVoid());
        }
        return chain;
    }

    /** The held items' reviews, opened in the batch's transaction. */
    private Uni<Void> openReviews(SqlConnection conn, String merchantId, List<Item> stored) {
        List<Reviews.Request> held = stored.stream().filter(i -> i.holdReason() != null)
                .map(i -> new Reviews.Request("payment:" + i.paymentId(), "send held " + i.request().type() + " " + i.paymentId()
                        + " of " + i.request().amount().toPlainString() + " " + i.request().currency() + " to "
                        + AccountNumberMask.mask(i.request().accountNumber()) + " (merchant " + merchantId + ", batch item "
                        + i.index() + ", " + i.holdReason() + ")",
                        new JsonObject().put("paymentId", i.paymentId()).put("reason", i.holdReason())))
                .toList();
        return reviews.openAll(conn, Reviews.PAYOUT_HOLD, held, Reviews.SYSTEM);
    }

    private Uni<BatchRow> insertBatch(SqlConnection conn, String merchantId, String batchId, BatchRequest request, byte[] requestHash,
            List<Item> stored, JsonArray rejected) {
        long held = stored.stream().filter(i -> i.holdReason() != null).count();
        List<Object> byIndex = new ArrayList<>(rejected.getList());
        byIndex.sort(java.util.Comparator.comparingInt(o -> ((JsonObject) o).getInteger("index")));
        Set<String> currencies = new HashSet<>();
        stored.forEach(i -> currencies.add(i.request().currency()));
        return conn.preparedQuery("""
                insert into batch (id, merchant_id, merchant_batch_no, type, notify_url, currency, request_hash, status, items,
                    rejected, rejected_count, processing, on_hold, deadline_at, created_at, updated_at, completed_at)
                values ($1, $2, $3, $4, $5, $6, $7, case when $10::int + $11::int = 0 then 'COMPLETED' else 'PROCESSING' end, $8, $9::jsonb,
                    $12, $10, $11, now() + $13 * interval '1 millisecond', now(), now(), case when $10::int + $11::int = 0 then now() end)
                returning\s""" + BatchRow.COLUMNS)
                .execute(Tuple.tuple().addString(batchId).addString(merchantId).addString(request.merchantBatchNo())
                        .addString(request.type().name()).addString(request.notifyUrl())
                        .addString(currencies.size() == 1 ? currencies.iterator().next() : null)
                        .addValue(io.vertx.core.buffer.Buffer.buffer(requestHash)).addInteger(request.items().size())
                        .addString(new JsonArray(byIndex).encode()).addInteger((int) (stored.size() - held)).addInteger((int) held)
                        .addInteger(rejected.size()).addLong(config.deadline().toMillis()))
                .map(rows -> BatchRow.of(rows.iterator().next()));
    }

    private static void reject(JsonArray rejected, int index, String orderNo, String code, List<FieldError> errors, String paymentId) {
        JsonArray list = new JsonArray();
        errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
        JsonObject item = new JsonObject().put("index", index).put("merchantOrderNo", orderNo).put("code", code).put("errors", list);
        if (paymentId != null) {
            item.put("paymentId", paymentId);
        }
        rejected.add(item);
    }
}
