package com.payroute.channel;

/**
 * What a call to a channel is for. Refund submissions are submissions and refund queries are
 * queries: they share the channel's circuit breakers and its accounts' concurrency budgets.
 */
public enum Purpose {
    SUBMIT, QUERY;

    Purpose other() {
        return this == SUBMIT ? QUERY : SUBMIT;
    }

    String tag() {
        return name().toLowerCase();
    }
}
