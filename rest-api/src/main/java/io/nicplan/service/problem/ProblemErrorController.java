package io.nicplan.service.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page, for errors that never reach an MVC handler (rejected by Tomcat,
 * thrown in a filter): answered as problem details too, replacing Spring Boot's whitelabel page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.NOT_FOUND;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status == HttpStatus.NOT_FOUND && code == null
                ? "no resource at " + request.getRequestURI()
                : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (status.is4xxClientError() && message instanceof String m && !m.isBlank()) {
            detail = m;
        }
        ProblemDetail pd = Problems.of(status, detail, uri instanceof String s ? s : request.getRequestURI());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
