package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** POST /admin/channels/{code}/accounts (all three; credentialsRef optional) and PATCH of one (any of the last two). */
@RegisterForReflection
public record AccountChange(String accountNo, String credentialsRef, Integer maxConcurrency) {
}
