package com.payroute.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void outermostFirstEachOnceEvenWhenTheChainLoops() {
        IllegalStateException first = new IllegalStateException("first");
        IOException second = new IOException("second", first);
        RuntimeException third = new RuntimeException("third", second);
        first.initCause(third);

        assertEquals(List.of(first, third, second), Causes.of(first));
        assertFalse(Causes.any(first, t -> t instanceof ArithmeticException), "a loop without a match ends");
        assertTrue(Causes.any(first, t -> t instanceof IOException));
        assertEquals(List.of(), Causes.of(null));
    }
}
