package com.payroute.api;

import java.util.List;

/**
 * The typed query parameters of the listings, read from their text: a value that is not a number (or
 * not {@code true}/{@code false}), or out of range, answers 400 {@code VALIDATION_FAILED} naming the
 * parameter, never a 404 from a failed conversion or a 500 from an overflow further on.
 */
public final class QueryParams {

    /** The largest {@code limit} of the ops listings. */
    public static final int MAX_LIMIT = 500;
    /** {@code olderThanSeconds} at most ten years: beyond that nothing is older, and time arithmetic stays in range. */
    static final long MAX_SECONDS = 10L * 365 * 24 * 3600;

    private QueryParams() {
    }

    /** {@code limit}: 1 to {@link #MAX_LIMIT}, {@code fallback} when absent. */
    public static int limit(String value, int fallback) {
        return limit(value, fallback, MAX_LIMIT);
    }

    /** {@code limit}: 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(String value, int fallback, int max) {
        return value == null ? fallback : (int) number("limit", value, 1, max);
    }

    /** A duration in seconds (0 to ten years), null when absent. */
    public static Long seconds(String name, String value) {
        return value == null ? null : number(name, value, 0, MAX_SECONDS);
    }

    /** A whole number from {@code min} to {@code max}, null when absent. */
    public static Long whole(String name, String value, long min, long max) {
        return value == null ? null : number(name, value, min, max);
    }

    /** {@code true} or {@code false}, null when absent. */
    public static Boolean flag(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!"true".equals(value) && !"false".equals(value)) {
            throw invalid(name, "must be true or false");
        }
        return Boolean.valueOf(value);
    }

    private static long number(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException notANumber) {
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }
        return parsed;
    }

    private static ApiException invalid(String name, String message) {
        return ApiException.validation(List.of(new FieldError(name, message)));
    }
}
