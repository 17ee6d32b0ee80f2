package io.nicplan.service.access;

import jakarta.servlet.ServletRequest;

/**
 * Who sent the request being handled, as {@link AccessControlFilter} decided it: the name of the API token's holder,
 * or {@code local} (no tokens configured, a loopback client) or {@code anonymous} (a read allowed without a token).
 * Handlers read it to keep one client's data apart from another's (an {@code Idempotency-Key} is the holder's own).
 */
public final class RequestHolder {
    static final String ATTRIBUTE = RequestHolder.class.getName();

    private RequestHolder() {
    }

    static void set(ServletRequest request, String holder) {
        request.setAttribute(ATTRIBUTE, holder);
    }

    /** The holder the filter let in; a request that did not pass the filter has none. */
    public static String of(ServletRequest request) {
        Object holder = request.getAttribute(ATTRIBUTE);
        if (holder == null) {
            throw new IllegalStateException("the request did not pass the access control filter");
        }
        return (String) holder;
    }
}
