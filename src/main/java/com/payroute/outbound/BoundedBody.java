package com.payroute.outbound;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.spi.BodyStream;
import io.smallrye.mutiny.vertx.TypeArg;
import io.vertx.mutiny.ext.web.codec.BodyCodec;

/**
 * Reads an HTTP answer from outside (a channel's reply, a merchant's callback answer) into memory
 * only up to a cap: a peer that streams gigabytes fails the exchange with {@link BodyTooLarge} as
 * soon as it passes the cap, instead of taking the heap down with it.
 */
public final class BoundedBody implements BodyStream<Buffer> {

    /** The answer's body was larger than the cap; nothing of it is kept. */
    public static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(int cap) {
            super("answer body larger than " + cap + " bytes", null, false, false);
        }
    }

    private final int cap;
    private final Buffer body = Buffer.buffer();
    private final Promise<Buffer> result = Promise.promise();

    private BoundedBody(int cap) {
        this.cap = cap;
    }

    /** A codec reading at most {@code cap} bytes. */
    public static BodyCodec<io.vertx.mutiny.core.buffer.Buffer> atMost(int cap) {
        io.vertx.ext.web.codec.BodyCodec<Buffer> codec = callback -> callback.handle(Future.succeededFuture(new BoundedBody(cap)));
        return BodyCodec.newInstance(codec, new TypeArg<>(
                buffer -> io.vertx.mutiny.core.buffer.Buffer.newInstance((Buffer) buffer),
                buffer -> ((io.vertx.mutiny.core.buffer.Buffer) buffer).getDelegate()));
    }

    @Override
    public Future<Buffer> result() {
        return result.future();
    }

    @Override
    public void handle(Throwable failure) {
        result.tryFail(failure);
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (body.length() + data.length() > cap) {
            BodyTooLarge tooLarge = new BodyTooLarge(cap);
            result.tryFail(tooLarge);
            return Future.failedFuture(tooLarge);
        }
        if (!result.future().isComplete()) {
            body.appendBuffer(data);
        }
        return Future.succeededFuture();
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        Future<Void> written = write(data);
        if (handler != null) {
            handler.handle(written);
        }
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        result.tryComplete(body);
        if (handler != null) {
            handler.handle(Future.succeededFuture());
        }
    }

    @Override
    public BoundedBody exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public BoundedBody setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public BoundedBody drainHandler(Handler<Void> handler) {
        return this;
    }
}
