package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** PUT /admin/channels/{code}/bindings/{merchantId}: the account the business line calls the channel under. */
@RegisterForReflection
public record Binding(String accountNo) {
}
