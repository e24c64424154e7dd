package com.payroute.admin;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * PATCH /admin/channels/{code}: any of these; the others stay as they are. {@code maxConcurrency} and
 * {@code credentialsRef} are those of the channel's default account (other accounts: PATCH
 * .../accounts/{accountNo}). Re-enabling a disabled channel and changing {@code baseUrl} or
 * {@code credentialsRef} could redirect money: they wait for a two-person review; the rest acts at once.
 */
@RegisterForReflection
public record ChannelChange(Integer weight, Boolean enabled, Integer maxConcurrency, Integer timeoutMs,
        Integer notFoundGraceMs, Integer notFoundConfirmMs, String timezone, String cutoff, List<String> payoutWindows,
        String baseUrl, String credentialsRef) {

    static final String FIELDS = "weight, enabled, maxConcurrency, timeoutMs, notFoundGraceMs, notFoundConfirmMs, timezone, "
            + "cutoff, payoutWindows, baseUrl, credentialsRef";

    boolean isEmpty() {
        return weight == null && enabled == null && maxConcurrency == null && timeoutMs == null && notFoundGraceMs == null
                && notFoundConfirmMs == null && timezone == null && cutoff == null && payoutWindows == null && baseUrl == null
                && credentialsRef == null;
    }
}
