package com.payroute.outbound;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream from outside read at most up to a cap: past it, reading fails instead of going on for ever
 * (a statement is streamed into PostgreSQL, so its size never costs memory, but it must still end).
 */
public final class BoundedInputStream extends FilterInputStream {

    private final long cap;
    private long read;

    public BoundedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(long n) throws IOException {
        read += n;
        if (read > cap) {
            throw new IOException("answer larger than " + cap + " bytes");
        }
    }
}
