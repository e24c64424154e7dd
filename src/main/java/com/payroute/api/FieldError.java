package com.payroute.api;

/** One bad field of a request, named by its JSON path (e.g. {@code account.number}). */
public record FieldError(String field, String message) {
}
