package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * PATCH /admin/channels/{code}: any of these; the others stay as they are. {@code maxConcurrency}
 * is the limit of the channel's default account (other accounts: PATCH .../accounts/{accountNo}).
 */
@RegisterForReflection
public record ChannelChange(Integer weight, Boolean enabled, Integer maxConcurrency, Integer timeoutMs,
        Integer notFoundGraceMs, Integer notFoundConfirmMs) {

    static final String FIELDS = "weight, enabled, maxConcurrency, timeoutMs, notFoundGraceMs, notFoundConfirmMs";

    boolean isEmpty() {
        return weight == null && enabled == null && maxConcurrency == null && timeoutMs == null && notFoundGraceMs == null
                && notFoundConfirmMs == null;
    }
}
