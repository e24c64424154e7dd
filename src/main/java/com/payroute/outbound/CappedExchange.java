package com.payroute.outbound;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One HTTP exchange with a peer outside payroute (a channel, a merchant's callback endpoint) whose answer
 * is read into memory only up to a cap. A peer that streams more has its connection closed at once, not
 * drained: neither the heap nor a pooled connection is held by it.
 */
public final class CappedExchange {

    /** The peer's answer, read whole (it was within the cap). */
    public record Answer(int status, Buffer body) {
    }

    /** The answer's body was larger than the cap; nothing of it is kept and the connection is closed. */
    public static final class AnswerTooLarge extends RuntimeException {
        AnswerTooLarge(int cap) {
            super("answer body larger than " + cap + " bytes", null, false, false);
        }
    }

    private CappedExchange() {
    }

    /** Sends {@code body} (none when null) as {@code request} says and reads at most {@code cap} bytes back. */
    public static Uni<Answer> send(HttpClient client, RequestOptions request, Buffer body, int cap) {
        return Uni.createFrom().completionStage(() -> client.request(request)
                .compose(outgoing -> body == null ? outgoing.send() : outgoing.send(body))
                .compose(response -> read(response, cap))
                .toCompletionStage());
    }

    private static Future<Answer> read(HttpClientResponse response, int cap) {
        Promise<Answer> answer = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (answer.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > cap) {
                answer.fail(new AnswerTooLarge(cap));
                response.request().reset(); // HTTP/1.x: closes the connection instead of reading the rest
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(end -> answer.tryComplete(new Answer(response.statusCode(), body)));
        return answer.future();
    }
}
