package io.nicplan.service.problem;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error report (for requests it refuses before Spring sees them, such as a path with
 * an invalid percent-encoding), written as a problem detail instead of an HTML page.
 */
public class ProblemReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String message = response.getMessage();
        String detail = message == null || message.isBlank()
                ? "the request was refused before it reached the service: " + status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT)
                : message;
        ProblemDetail pd = Problems.of(status, detail, request.getRequestURI());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer w = response.getReporter();
            if (w != null) {
                w.write(Problems.JSON.writeValueAsString(pd));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response committed meanwhile; nothing more can be said.
            container.getLogger().debug("could not write problem report", e);
        }
    }
}
