package com.payroute.time;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The clock for decisions that depend on the time of day (payout windows, accounting days): the
 * system's, unless a test provides its own so that it can move time without sleeping.
 */
@ApplicationScoped
public class SystemClock {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
