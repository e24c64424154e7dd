package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** POST /admin/channels. Defaults: connector "http", enabled true, banks [] (every bank), connectTimeoutMs 1000. */
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
        Integer timeoutMs) {
}
