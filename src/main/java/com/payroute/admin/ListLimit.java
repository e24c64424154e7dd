package com.payroute.admin;

import java.util.Optional;

import com.payroute.api.FieldError;

/** The {@code limit} query parameter of the ops listings: 1 to 500, a default per listing. */
final class ListLimit {

    static final int MAX = 500;

    private ListLimit() {
    }

    static Optional<FieldError> error(Integer limit) {
        return limit != null && (limit < 1 || limit > MAX)
                ? Optional.of(new FieldError("limit", "must be between 1 and " + MAX))
                : Optional.empty();
    }

    static int orDefault(Integer limit, int fallback) {
        return limit == null ? fallback : limit;
    }
}
