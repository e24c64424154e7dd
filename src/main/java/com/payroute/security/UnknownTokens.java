package com.payroute.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps unknown bearer tokens from flooding the database: an address whose tokens were unknown more
 * than {@code payroute.security.admission.unknown-tokens-per-second} times in the current second gets
 * 401 without a look-up for the rest of it. Per replica; the table of addresses is bounded.
 */
@ApplicationScoped
public class UnknownTokens {

    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long second, AtomicInteger failures) {
    }

    private final int perSecond;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    UnknownTokens(SecurityConfig config) {
        this.perSecond = config.admission().unknownTokensPerSecond();
    }

    /** Whether this address may have another token looked up now. */
    boolean allowed(String address) {
        Window w = windows.get(key(address));
        return w == null || w.second() != second() || w.failures().get() < perSecond;
    }

    void failed(String address) {
        long now = second();
        if (windows.size() > MAX_ADDRESSES) {
            windows.clear();
        }
        windows.compute(key(address), (k, w) -> w == null || w.second() != now ? new Window(now, new AtomicInteger(1))
                : incremented(w));
    }

    private static Window incremented(Window w) {
        w.failures().incrementAndGet();
        return w;
    }

    private static String key(String address) {
        return address == null ? "unknown" : address;
    }

    private static long second() {
        return System.currentTimeMillis() / 1000;
    }
}
