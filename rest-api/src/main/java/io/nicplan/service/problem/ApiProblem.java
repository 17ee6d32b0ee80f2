package io.nicplan.service.problem;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the service answers on purpose, as an RFC 9457 problem detail: a status, a stable
 * {@code type} ({@code urn:nicplan:problem:SLUG}), a title, a detail saying where and why, and
 * optional extension members (e.g. parse diagnostics).
 */
public class ApiProblem extends ErrorResponseException {
    private final HttpHeaders headers;

    ApiProblem(HttpStatus status, String slug, String title, String detail, Map<String, ?> extensions,
               HttpHeaders headers) {
        super(status, problem(status, slug, title, detail, extensions), null);
        this.headers = headers;
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail,
                                         Map<String, ?> extensions) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create("urn:nicplan:problem:" + slug));
        pd.setTitle(title);
        extensions.forEach(pd::setProperty);
        return pd;
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public String getMessage() {
        return getBody().getStatus() + " " + getBody().getDetail();
    }

    /** 404: no {@code kind} with this id. */
    public static ApiProblem notFound(String kind, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                "no " + kind + " '" + id + "'", Map.of(), HttpHeaders.EMPTY);
    }

    /** 400: a request that is well formed but names or asks for something invalid. */
    public static ApiProblem badRequest(String detail) {
        return badRequest(detail, Map.of());
    }

    public static ApiProblem badRequest(String detail, Map<String, ?> extensions) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", detail, extensions,
                HttpHeaders.EMPTY);
    }

    /** 422: content the service understood but cannot accept (a description that does not parse, ...). */
    public static ApiProblem unprocessable(String slug, String title, String detail, Map<String, ?> extensions) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, slug, title, detail, extensions, HttpHeaders.EMPTY);
    }

    /**
     * 422: request content that is well-formed JSON but that the library rejects (a protocol state,
     * a cost specification, flows), with every problem at its JSON pointer in the request.
     */
    public static ApiProblem invalidInput(String subject, java.util.List<InputError> errors) {
        InputError first = errors.get(0);
        String detail = "invalid " + subject + ": " + (first.pointer().isEmpty() ? "" : first.pointer() + ": ")
                + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-input", "Invalid input", detail,
                Map.of("errors", errors), HttpHeaders.EMPTY);
    }

    /** 409: the resource's state does not allow this request. */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail, Map.of(), HttpHeaders.EMPTY);
    }

    /** 409 with the problems that make the resource's state unusable for the request. */
    public static ApiProblem conflict(String detail, java.util.List<InputError> errors) {
        return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail, Map.of("errors", errors),
                HttpHeaders.EMPTY);
    }

    /** 409 with extension members that describe the refusal (e.g. a rejected write batch's statuses). */
    public static ApiProblem conflict(String detail, Map<String, ?> extensions) {
        return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail, extensions, HttpHeaders.EMPTY);
    }

    /** 413: a part of the request is larger than a configured limit. */
    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Content Too Large", detail, Map.of(),
                HttpHeaders.EMPTY);
    }

    /** 429 with {@code Retry-After}: the service is at capacity. */
    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "busy", "Too Many Requests", detail,
                Map.of("retryAfterSeconds", retryAfterSeconds), HttpHeaders.readOnlyHttpHeaders(h));
    }

    /** 507: holding what the request asks for would exceed the service's memory budget. */
    public static ApiProblem insufficientStorage(String detail, Map<String, ?> extensions) {
        return new ApiProblem(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient Storage", detail,
                extensions, HttpHeaders.EMPTY);
    }

    /** 504: the request's work did not end within the request deadline and was stopped. */
    public static ApiProblem deadlineExceeded(String detail) {
        return new ApiProblem(HttpStatus.GATEWAY_TIMEOUT, "deadline-exceeded", "Deadline Exceeded", detail, Map.of(),
                HttpHeaders.EMPTY);
    }

    /** 422: the answer would be larger than the service renders ({@code limitBytes} in the extension members). */
    public static ApiProblem responseTooLarge(String detail, long limitBytes) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "response-too-large", "Response Too Large", detail,
                Map.of("limitBytes", limitBytes), HttpHeaders.EMPTY);
    }

    /** 501: this machine lacks a tool the answer needs (Graphviz for SVG); the detail says what to ask for instead. */
    public static ApiProblem notImplemented(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.NOT_IMPLEMENTED, slug, title, detail, Map.of(), HttpHeaders.EMPTY);
    }
}
