package io.nicplan.service.problem;

import java.io.IOException;

/**
 * Thrown while reading a request body that passes {@code nicplan.limits.max-body-size}. An
 * {@link IOException}, so that it travels through message converters; the problem handler finds
 * it in the cause chain and answers 413.
 */
public class RequestBodyTooLargeException extends IOException {
    private final long limit;

    public RequestBodyTooLargeException(long limit) {
        super("request body exceeds the limit of " + limit + " bytes (nicplan.limits.max-body-size)");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
