package io.nicplan.service.config;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may talk to the service ({@code nicplan.access.*}).
 *
 * @param allowedHosts host names (without port) a request's {@code Host} header and a browser's
 *     {@code Origin} may name. Loopback by default: a DNS-rebinding page reaches a loopback service
 *     under its own host name, which this list does not hold. Add the names clients use when the
 *     service listens on other addresses.
 */
@Validated
@ConfigurationProperties("nicplan.access")
record AccessProperties(
        @NotEmpty @DefaultValue({"localhost", "127.0.0.1", "::1"}) List<String> allowedHosts) {
}
