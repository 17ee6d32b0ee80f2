package io.nicplan.service.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description of the OpenAPI document at {@code /v3/api-docs}, and its bearer-token security
 * scheme (so the UI's "Authorize" sends the token).
 */
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
                .license(new License().name("nicplan")))
                .components(new Components().addSecuritySchemes("token", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token (docs/service.md \"Access control\"): read or write role")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
