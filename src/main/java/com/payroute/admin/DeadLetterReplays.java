package com.payroute.admin;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.payroute.audit.AuditLog;
import com.payroute.api.ApiException;
import com.payroute.api.ErrorCode;
import com.payroute.messaging.DeadLetters;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Dead letters as ops see them, and their replay: the message is published again where it died
 * (its consumer is idempotent, so a replay of something already done changes nothing), then marked
 * replayed with its audit row. Published first: a replay whose marking failed is only repeated,
 * never lost.
 */
@ApplicationScoped
public class DeadLetterReplays {

    @RegisterForReflection
    public record DeadLetterView(long id, String queue, String reason, String messageId, String body, OffsetDateTime diedAt,
            OffsetDateTime replayedAt, String replayedBy) {
    }

    private final Pool pool;
    private final AuditLog audit;
    private final DeadLetters letters;

    DeadLetterReplays(Pool pool, AuditLog audit, DeadLetters letters) {
        this.pool = pool;
        this.audit = audit;
        this.letters = letters;
    }

    /** Newest first; {@code replayed}: null for all, false for those still waiting. */
    public Uni<List<DeadLetterView>> list(Boolean replayed, int limit) {
        return pool.preparedQuery("select id, queue, reason, message_id, body, died_at, replayed_at, replayed_by from dead_letter "
                + "where $1::boolean is null or (replayed_at is not null) = $1 order by id desc limit $2")
                .execute(Tuple.of(replayed, limit))
                .map(rows -> {
                    List<DeadLetterView> views = new ArrayList<>();
                    for (Row row : rows) {
                        views.add(view(row));
                    }
                    return views;
                });
    }

    public Uni<DeadLetterView> replay(long id, String actor) {
        return pool.preparedQuery("select id, exchange, routing_key, message_id, body, replayed_at from dead_letter where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.notFound("dead letter");
                    }
                    Row row = rows.iterator().next();
                    if (row.getOffsetDateTime("replayed_at") != null) {
                        throw new ApiException(ErrorCode.CONFLICT, "dead letter " + id + " was replayed already");
                    }
                    return new DeadLetters.Letter(id, row.getString("exchange"), row.getString("routing_key"),
                            row.getString("message_id"), row.getString("body"));
                })
                .call(letter -> letters.republish(letter)
                        .onFailure().transform(e -> ApiException.unavailable("the broker did not take the message; nothing was replayed")))
                .chain(letter -> pool.withTransaction(conn -> conn.preparedQuery("update dead_letter set replayed_at = now(), "
                        + "replayed_by = $2 where id = $1 and replayed_at is null returning id, queue, reason, message_id, body, "
                        + "died_at, replayed_at, replayed_by")
                        .execute(Tuple.of(id, actor))
                        .map(rows -> rows.rowCount() == 0 ? null : view(rows.iterator().next()))
                        .call(view -> view == null ? Uni.createFrom().voidItem()
                                : audit.record(conn, actor, "DEAD_LETTER_REPLAYED", "dead-letter:" + id,
                                        new JsonObject().put("replayed", false),
                                        new JsonObject().put("replayed", true).put("exchange", letter.exchange())
                                                .put("routingKey", letter.routingKey())))))
                .map(view -> {
                    if (view == null) {
                        throw new ApiException(ErrorCode.CONFLICT, "dead letter " + id + " was replayed already");
                    }
                    return view;
                });
    }

    private static DeadLetterView view(Row row) {
        return new DeadLetterView(row.getLong("id"), row.getString("queue"), row.getString("reason"), row.getString("message_id"),
                row.getString("body"), row.getOffsetDateTime("died_at"), row.getOffsetDateTime("replayed_at"),
                row.getString("replayed_by"));
    }
}
