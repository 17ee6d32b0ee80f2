package io.nicplan.service.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** Writes problem details where Spring MVC's handlers do not reach (servlet filters, the error page). */
public final class Problems {
    /** Spring's builder registers the mix-in that writes a ProblemDetail's extension members at top level. */
    static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private Problems() {
    }

    /** A problem detail for {@code status}, typed by the status's reason phrase. */
    public static ProblemDetail of(HttpStatus status, String detail, String instance) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create("urn:nicplan:problem:" + slug(status)));
        if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
            pd.setTitle("Content Too Large");  // RFC 9110's name for 413, as ApiProblem.tooLarge titles it
        }
        if (instance != null && !instance.isEmpty()) {
            try {
                pd.setInstance(URI.create(encodePath(instance)));
            } catch (IllegalArgumentException unparsable) {
                // A path Tomcat let through but java.net.URI rejects: the problem goes without an instance.
                pd.setInstance(null);
            }
        }
        return pd;
    }

    /** Writes a problem detail as the whole response. */
    public static void write(HttpServletResponse response, HttpServletRequest request, HttpStatus status,
                             String detail) throws IOException {
        ProblemDetail pd = of(status, detail, request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // The client may still be sending the body we refuse; tell the container not to wait for it.
        response.setHeader("Connection", "close");
        JSON.writeValue(response.getOutputStream(), pd);
    }

    static String slug(HttpStatus status) {
        if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
            return "too-large";  // one type for every 413, whichever layer refuses (ApiProblem.tooLarge)
        }
        return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /** Request URIs arrive percent-encoded already, but stray characters must not break URI parsing. */
    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    sb.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
