package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * POST /admin/channels. Defaults: connector "http", enabled true, banks [] (every bank), connectTimeoutMs
 * 1000, notFoundGraceMs 120000, notFoundConfirmMs 30000, timezone Asia/Shanghai, cutoff 23:00, payoutWindows [] (always). {@code credentialsRef} and {@code maxConcurrency}
 * make its default account ("default").
 */
@RegisterForReflection
public record NewChannel(
        String code,
        String name,
        String connector,
        String baseUrl,
        String credentialsRef,
        Boolean enabled,
        Integer weight,
        List<String> types,
        List<String> currencies,
        List<String> banks,
        String minAmount,
        String maxAmount,
        Integer maxConcurrency,
        Integer connectTimeoutMs,
        Integer timeoutMs,
        Integer notFoundGraceMs,
        Integer notFoundConfirmMs,
        String timezone,
        String cutoff,
        List<String> payoutWindows) {
}
