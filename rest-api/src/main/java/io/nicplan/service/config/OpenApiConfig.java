package io.nicplan.service.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description of the OpenAPI document at {@code /v3/api-docs}. */
@Configuration
class OpenApiConfig {

    @Bean
    OpenAPI nicplanOpenApi() {
        return new OpenAPI().info(new Info()
                .title("nicplan")
                .version("0.1.0")
                .description("""
                        Describe NICs in Unicorn, plan their configuration for a host's flows, and apply plans to an \
                        emulated FlexNIC. Errors are RFC 9457 problem details (application/problem+json).""")
                .license(new License().name("nicplan")));
    }
}
