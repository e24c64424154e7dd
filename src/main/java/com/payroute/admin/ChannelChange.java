package com.payroute.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** PATCH /admin/channels/{code}: any of these; the others stay as they are. */
@RegisterForReflection
public record ChannelChange(Integer weight, Boolean enabled, Integer maxConcurrency, Integer timeoutMs) {
}
