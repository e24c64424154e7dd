package com.payroute.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One bad field of a request, named by its JSON path (e.g. {@code account.number}). */
@RegisterForReflection
public record FieldError(String field, String message) {
}
