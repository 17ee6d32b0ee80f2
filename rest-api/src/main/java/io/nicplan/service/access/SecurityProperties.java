package io.nicplan.service.access;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the API ({@code nicplan.security.*}, docs/service.md "Access control").
 *
 * @param tokensFile a file of API tokens, one {@code ROLE TOKEN NAME} per line ({@link ApiTokens})
 * @param tokens more token lines, separated by {@code ;} or new lines, e.g. from the environment variable
 *     {@code NICPLAN_SECURITY_TOKENS}
 * @param anonymousRead whether requests without a token may read (GET, HEAD); writing always needs a
 *     write token
 * @param corsAllowedOrigins origins ({@code https://dash.example:8443}) whose pages may call the API
 *     from a browser; none by default, so no CORS header is ever sent
 */
@ConfigurationProperties("nicplan.security")
public record SecurityProperties(Path tokensFile, String tokens, @DefaultValue("false") boolean anonymousRead,
                                 @DefaultValue({}) List<String> corsAllowedOrigins) {
}
