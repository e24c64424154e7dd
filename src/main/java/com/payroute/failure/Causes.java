package com.payroute.failure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A failure and the causes under it, outermost first, each once. {@code initCause} refuses only a
 * failure as its own cause, so a chain can loop through two or more; walking one by hand would then
 * never end (in a log filter, on every line that carries it).
 */
public final class Causes {

    private Causes() {
    }

    public static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    public static boolean any(Throwable failure, Predicate<Throwable> test) {
        return of(failure).stream().anyMatch(test);
    }
}
