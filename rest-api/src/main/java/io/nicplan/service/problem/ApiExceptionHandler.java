package io.nicplan.service.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error of the MVC layer into an {@code application/problem+json} answer: the
 * service's own {@link ApiProblem}s, Spring's errors (unknown path, method, media type, ...),
 * unreadable bodies (naming the JSON pointer of the bad value), validation failures (one entry
 * per field) and, as a last resort, unexpected failures (500, logged).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException tooLarge) {
                ProblemDetail pd = Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), null);
                return handleExceptionInternal(ex, pd, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
            }
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                String pointer = pointer(mapping.getPath());
                String why = mapping instanceof UnrecognizedPropertyException
                        ? "unknown field" : firstLine(mapping.getOriginalMessage());
                ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST,
                        "invalid JSON value at " + pointer + ": " + why, null);
                pd.setProperty("pointer", pointer);
                return handleExceptionInternal(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
            }
            if (t instanceof JsonProcessingException json) {
                JsonLocation loc = json.getLocation();
                String where = loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
                ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST,
                        "malformed JSON" + where + ": " + firstLine(json.getOriginalMessage()), null);
                if (loc != null) {
                    pd.setProperty("line", loc.getLineNr());
                    pd.setProperty("column", loc.getColumnNr());
                }
                return handleExceptionInternal(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
            }
        }
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "request body is missing or unreadable", null);
        return handleExceptionInternal(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail pd = Problems.of(HttpStatus.NOT_FOUND, "no resource at /" + ex.getResourcePath(), null);
        return handleExceptionInternal(ex, pd, headers, HttpStatus.NOT_FOUND, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError fe : ex.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("pointer", "/" + fe.getField().replaceAll("\\[(\\d+)]", ".$1").replace('.', '/'),
                    "message", String.valueOf(fe.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors().forEach(ge ->
                errors.add(Map.of("pointer", "", "message", String.valueOf(ge.getDefaultMessage()))));
        errors.sort((a, b) -> a.get("pointer").compareTo(b.get("pointer")));
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "invalid request: " + errors.stream()
                .map(e -> e.get("pointer") + " " + e.get("message")).reduce((a, b) -> a + "; " + b).orElse(""), null);
        pd.setProperty("errors", errors);
        return handleExceptionInternal(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> messages = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(e ->
                messages.add(r.getMethodParameter().getParameterName() + ": " + e.getDefaultMessage())));
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "invalid request: " + String.join("; ", messages), null);
        return handleExceptionInternal(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST,
                "parameter '" + name + "' must be " + expected(ex.getRequiredType()) + ", not '" + ex.getValue() + "'", null);
        pd.setProperty("parameter", name);
        return handleExceptionInternal(ex, pd, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Bean Validation on method parameters outside MVC's own handling. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "invalid request: " + ex.getMessage(), null);
        return handleExceptionInternal(ex, pd, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** Anything not foreseen: a 500 problem, logged with its stack trace; never a bare error page. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        LOG.error("unexpected failure serving {}", request.getDescription(false), ex);
        ProblemDetail pd = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "the service failed unexpectedly; the failure is logged", null);
        return handleExceptionInternal(ex, pd, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail pd) {
            if (pd.getType() == null || URI.create("about:blank").equals(pd.getType())) {
                HttpStatus resolved = HttpStatus.resolve(statusCode.value());
                if (resolved != null) {
                    pd.setType(URI.create("urn:nicplan:problem:" + Problems.slug(resolved)));
                }
            }
            HttpHeaders h = new HttpHeaders();
            h.putAll(headers);
            h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(pd, h, statusCode);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            sb.append('/');
            if (ref.getFieldName() != null) {
                sb.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                sb.append(ref.getIndex());
            } else {
                sb.append('-');
            }
        }
        return sb.toString();
    }

    /** The first line of a Jackson message, without its note on where in the source (given separately). */
    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.replaceAll("\\s*\\(start marker at \\[Source:.*$", "").replaceAll("\\s*at \\[Source:.*$", "");
    }

    private static String article(String word) {
        return !word.isEmpty() && "AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    /** What a parameter of {@code type} accepts, in the words of the API, not of its Java class. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == java.time.Duration.class) {
            return "an ISO-8601 duration such as PT2S";
        }
        String word = type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return article(word) + " " + word;
    }
}
