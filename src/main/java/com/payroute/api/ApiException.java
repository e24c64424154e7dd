package com.payroute.api;

import java.util.List;

/**
 * Thrown (or failed into a Uni) wherever a request must end in a problem answer. Carries only
 * what may be shown to the caller: never a stack trace, SQL, class name or account number.
 */
public class ApiException extends RuntimeException {

    private final transient Problem problem;
    private final Integer retryAfterSeconds;

    public ApiException(Problem problem, Integer retryAfterSeconds) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(ErrorCode code, String detail) {
        this(Problem.of(code, detail), null);
    }

    public static ApiException validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
        return new ApiException(Problem.of(ErrorCode.VALIDATION_FAILED, detail).withErrors(errors), null);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(Problem.of(ErrorCode.UNAVAILABLE, detail), 5);
    }

    public Problem problem() {
        return problem;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
