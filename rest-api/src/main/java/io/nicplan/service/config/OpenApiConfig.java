package io.nicplan.service.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description of the OpenAPI document at {@code /v3/api-docs}, its bearer-token security
 * scheme (so the UI's "Authorize" sends the token), and the answers every operation can give besides its own:
 * errors as RFC 9457 problem details ({@code application/problem+json}, the {@code ProblemDetail} schema).
 * Operations declare their own statuses with {@code @ApiResponse}; the customizers below add what the filters
 * and the request-work pool answer for any of them. {@code ContractTest} holds real answers to the result.
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
                .license(new License().name("nicplan").url("https://github.com/nicplan/nicplan")))
                .components(new Components().addSecuritySchemes("token", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token (docs/service.md \"Access control\"): read or write role")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
    /** Work on the bounded request pool ({@code RequestWork}): 429 when it is full, 504 past the request deadline. */
    @Bean
    OperationCustomizer requestWorkAnswers() {
        return (operation, handler) -> {
            if (DeferredResult.class.isAssignableFrom(handler.getMethod().getReturnType())) {
                ApiResponses r = operation.getResponses();
                add(r, "429", "every request-work runner and queue slot is taken; Retry-After says when to try again");
                add(r, "504", "the work did not end within nicplan.limits.request-deadline and was stopped");
            }
            return operation;
        };
    }

    /**
     * Answers of the filters before every handler (access control, origin check, body-size limit, Spring's request
     * reading), and the one error format: every 4xx and 5xx is a problem detail, 204 and 304 have no content.
     */
    @Bean
    OpenApiCustomizer problemDetails() {
        return api -> {
            api.getComponents().addSchemas("ProblemDetail", typed("object")
                    .description("RFC 9457 problem details; extension members (errors, diagnostics, ...) as the type says")
                    .addProperty("type", typed("string").format("uri").example("urn:nicplan:problem:not-found"))
                    .addProperty("title", typed("string"))
                    .addProperty("status", typed("integer"))
                    .addProperty("detail", typed("string"))
                    .addProperty("instance", typed("string").format("uri-reference"))
                    .additionalProperties(true));
            // Jackson's tree type, which springdoc registers for the JsonNode fields that carry stored documents;
            // each of them is described by its own schema (implementation = ...), so nothing refers to this one
            // (a reference left would fail swagger-parser's check in ContractTest).
            api.getComponents().getSchemas().remove("JsonNode");
            // A configuration value is recursive (lists and tuples of values), which annotations on Java types
            // cannot say: written here, over what springdoc derived from PlanDocuments.ConfigurationValue.
            Schema<Object> value = new Schema<>().$ref("#/components/schemas/ConfigurationValue");
            api.getComponents().addSchemas("ConfigurationValue", new Schema<>()
                    .description("a C-node's value in its type (docs/nic-descriptions.md): a boolean, an integer, an "
                            + "enum symbol or IPv4 or IPv6 address as text, a list, or a tuple as an object (absent optional "
                            + "fields are wildcards)")
                    .oneOf(List.of(typed("boolean"), typed("integer"), typed("string"), typed("array").items(value),
                            typed("object").additionalProperties(value))));
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                ApiResponses r = operation.getResponses();
                add(r, "400", "a parameter or body that cannot be read");
                add(r, "401", "no API token, or an unknown one, where tokens are configured");
                add(r, "403", "the token's role does not allow this, or a cross-site request");
                if (path.contains("{")) {
                    add(r, "404", "no such resource");
                }
                if (operation.getRequestBody() != null) {
                    add(r, "413", "the body exceeds nicplan.limits.max-request-size");
                    add(r, "415", "a body of a content type the operation does not read");
                }
                Map<String, ApiResponse> sorted = new TreeMap<>(r);
                r.clear();
                sorted.forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
                    } else if (code.equals("204") || code.equals("304")) {
                        response.setContent(null);
                    }
                    r.addApiResponse(code, response);
                });
            }));
        };
    }

    /** A schema of one JSON type, written as OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) read it. */
    private static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type).types(Set.of(type));
        return schema;
    }

    private static final String PROBLEM_JSON = "application/problem+json";

    private static void add(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description));
        }
    }
}
