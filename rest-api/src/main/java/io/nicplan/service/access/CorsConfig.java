package io.nicplan.service.access;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cross-origin access for the browser pages of {@code nicplan.security.cors-allowed-origins}, and for no
 * one when that list is empty (the default: no {@code Access-Control-Allow-*} header is sent). Requests
 * still need a token: CORS only lets the page read the answers.
 */
@Configuration
class CorsConfig implements WebMvcConfigurer {
    private final SecurityProperties security;

    CorsConfig(SecurityProperties security) {
        this.security = security;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (security.corsAllowedOrigins().isEmpty()) {
            return;
        }
        String[] origins = security.corsAllowedOrigins().toArray(String[]::new);
        for (String path : new String[] {"/api/**", "/actuator/**"}) {
            registry.addMapping(path).allowedOrigins(origins)
                    .allowedMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                    .allowedHeaders("Authorization", "Content-Type", "If-None-Match", "Idempotency-Key")
                    .exposedHeaders("Location", "ETag", "Retry-After")
                    .allowCredentials(false)
                    .maxAge(600);
        }
    }
}
