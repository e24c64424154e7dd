package com.payroute.admin;

/** PATCH /admin/channels/{code}: any of these; the others stay as they are. */
public record ChannelChange(Integer weight, Boolean enabled, Integer maxConcurrency, Integer timeoutMs) {
}
