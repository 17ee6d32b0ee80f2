package io.nicplan.service.plan.rest;

import io.nicplan.service.access.RequestHolder;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.nicplan.service.plan.PlanDocuments;
import io.nicplan.embed.embedding.EmbeddingDocument;
import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.app.export.ExportFormat;
import io.nicplan.app.export.ExportOptions;
import io.nicplan.app.export.ExportResult;
import io.nicplan.embed.Embedder;
import io.nicplan.service.plan.PlanChangeView;
import io.nicplan.service.plan.PlanEvents;
import io.nicplan.service.plan.PlanRequest;
import io.nicplan.service.plan.PlanService;
import io.nicplan.service.plan.PlanStatusView;
import io.nicplan.service.plan.PlanView;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.work.RequestWork;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/plans}: asynchronous plan searches (202 + Location, poll, stop) and incremental flow changes. */
@RestController
@RequestMapping(path = "/api/plans", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Plans", description = "NIC configuration plans for a protocol state, flows and a cost function")
class PlanController {
    private final PlanService plans;
    private final RequestWork work;
    private final PlanEvents events;

    public PlanController(PlanService plans, RequestWork work, PlanEvents events) {
        this.plans = plans;
        this.work = work;
        this.events = events;
    }

    @Operation(summary = "Start a plan search",
            description = "202 with Location; poll GET /api/plans/{id}/status. 422 lists every problem of the inputs at "
                    + "its JSON pointer; 429 with Retry-After when every search runner and queue slot is taken.")
    @ApiResponse(responseCode = "202", description = "stored; the search runs (Location: the plan)")
    @ApiResponse(responseCode = "409", description = "the NIC description cannot take the plan's objective")
    @ApiResponse(responseCode = "422", description = "invalid inputs, each problem at its JSON pointer (errors); or "
            + "the Idempotency-Key was used before by the same token holder with other inputs (plan)")
    @ApiResponse(responseCode = "429", description = "every search runner and queue slot is taken (Retry-After)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<PlanView> submit(@Valid @RequestBody PlanRequest request,
            @org.springframework.web.bind.annotation.RequestHeader(name = "Idempotency-Key", required = false)
            String idempotencyKey, jakarta.servlet.http.HttpServletRequest http) {
        PlanView v = plans.submit(request, RequestHolder.of(http), Optional.ofNullable(idempotencyKey));
        URI location = UriComponentsBuilder.fromPath("/api/plans/{id}").buildAndExpand(v.id()).toUri();
        return ResponseEntity.accepted().location(location).body(v);
    }

    @Operation(summary = "List plans (their status; GET /api/plans/{id} for inputs and result)")
    @GetMapping
    public List<PlanStatusView> list() {
        return plans.list();
    }

    @Operation(summary = "How many plans are in each status, and how busy the search runners are")
    @GetMapping("/summary")
    public PlanService.PlanSummary summary() {
        return plans.summary();
    }

    @Operation(summary = "A plan: status, inputs, best plan so far (cost by term, placements, configuration, explanation)",
            description = "Answers with a strong ETag; a request whose If-None-Match holds it gets 304 without a body.")
    @ApiResponse(responseCode = "200", description = "the plan (ETag)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PlanView.class)))
    @ApiResponse(responseCode = "304", description = "unchanged since the ETag in If-None-Match")
    @GetMapping("/{id}")
    public ResponseEntity<byte[]> get(@PathVariable String id) {
        // Rendered once per change of the plan and kept; Spring answers 304 when If-None-Match holds the tag.
        PlanService.Rendered r = plans.rendered(id);
        return ResponseEntity.ok().eTag(r.etag()).cacheControl(CacheControl.noCache().cachePrivate())
                .contentType(MediaType.APPLICATION_JSON).body(r.json());
    }

    @Operation(summary = "The search's progress as server-sent events",
            description = "text/event-stream: a 'status' event first ({\"status\": ...}); while the search runs, a 'best' "
                    + "event for every better plan ({revision, elapsedMs, total, hard, feasible, strategy}); a last "
                    + "'status' event when it ends, then the stream closes. A plan that has ended answers its status alone.")
    @ApiResponse(responseCode = "200", description = "the event stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String id) {
        PlanStatusView before = plans.status(id);
        SseEmitter emitter = events.subscribe(id, before.status(), before.status().isActive());
        if (before.status().isActive()) {
            // The search may have ended between reading the status and subscribing: close the stream then.
            PlanStatusView now = plans.status(id);
            if (!now.status().isActive()) {
                events.ended(id, now.status());
            }
        }
        return emitter;
    }

    @Operation(summary = "A plan's status, for polling")
    @GetMapping("/{id}/status")
    public PlanStatusView status(@PathVariable String id) {
        return plans.status(id);
    }

    @Operation(summary = "The protocol stack embedded behind every queue of the NIC configured as planned",
            description = "format: dot (Graphviz), json or text; collapse=true (dot) draws queues with the same path, "
                    + "pipeline and cost once")
    @ApiResponse(responseCode = "200", description = "the embedding in the format asked for", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = EmbeddingDocument.class)),
            @Content(mediaType = "text/vnd.graphviz", schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "409", description = "the plan has no result yet, or its NIC description was deleted")
    @ApiResponse(responseCode = "422", description = "the rendering would exceed nicplan.limits.max-response-size")
    @GetMapping(path = "/{id}/embedding", produces = {"text/vnd.graphviz", MediaType.APPLICATION_JSON_VALUE,
            MediaType.TEXT_PLAIN_VALUE})
    public DeferredResult<ResponseEntity<String>> embedding(@PathVariable String id,
                                                            @RequestParam(defaultValue = "json") String format,
                                                            @RequestParam(defaultValue = "false") boolean collapse) {
        Embedder.Format f = Embedder.Format.byName(format.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                ApiProblem.badRequest("format '" + format + "' is not one of dot, json, text"));
        MediaType type = f == Embedder.Format.DOT ? MediaType.parseMediaType("text/vnd.graphviz;charset=UTF-8")
                : f == Embedder.Format.JSON ? MediaType.APPLICATION_JSON : MediaType.parseMediaType("text/plain;charset=UTF-8");
        return work.run("the embedding of plan " + id, () -> ResponseEntity.ok().contentType(type)
                .body(collapse && f == Embedder.Format.DOT ? plans.embeddingDot(id, true) : plans.embedding(id, f)));
    }

    @Operation(summary = "The embedding drawn as SVG by Graphviz",
            description = "collapse=true draws queues with the same path, pipeline and cost once. 501 where Graphviz "
                    + "is not installed (ask for /embedding?format=dot and draw it elsewhere).")
    @ApiResponse(responseCode = "200", description = "the drawing", content = @Content(mediaType = "image/svg+xml",
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "the plan has no result yet, or its NIC description was deleted")
    @ApiResponse(responseCode = "422", description = "the drawing would exceed nicplan.limits.max-response-size")
    @ApiResponse(responseCode = "501", description = "Graphviz is not installed on the service's host")
    @GetMapping(path = "/{id}/embedding/svg", produces = "image/svg+xml")
    public DeferredResult<ResponseEntity<String>> embeddingSvg(@PathVariable String id,
                                                               @RequestParam(defaultValue = "false") boolean collapse) {
        return work.run("drawing the embedding of plan " + id, () -> ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("image/svg+xml;charset=UTF-8")).body(plans.embeddingSvg(id, collapse)));
    }

    @Operation(summary = "The plan as commands for the NIC's Linux driver: an ethtool or tc shell script, or a DPDK testpmd "
            + "command file (docs/export.md)",
            description = "format: ethtool, tc or rte_flow; dev: the network device (default eth0); port: the DPDK port "
                    + "(default 0); bestEffort=true moves what the target cannot take to what it can and lists each change "
                    + "with its cost as comment lines; from=PLAN_ID: only the commands that take the NIC from that plan's "
                    + "configuration to this one's, in a safe order (a diff). 422 is a problem detail naming the format, "
                    + "the target and every part it cannot carry out (reasons).")
    @ApiResponse(responseCode = "200", description = "the commands", content = @Content(
            mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "the plan has no result yet, or its NIC description was deleted")
    @ApiResponse(responseCode = "422", description = "the target cannot carry out the plan (reasons)")
    @GetMapping(path = "/{id}/export", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> export(@PathVariable String id, @RequestParam String format,
                                         @RequestParam(defaultValue = "eth0") String dev,
                                         @RequestParam(defaultValue = "0") int port,
                                         @RequestParam(defaultValue = "false") boolean bestEffort,
                                         @RequestParam(required = false) String from) {
        ExportFormat f = ExportFormat.bySymbol(format).orElseThrow(() ->
                ApiProblem.badRequest("format '" + format + "' is not one of " + ExportFormat.symbols()));
        ExportOptions options;
        try {
            options = new ExportOptions(dev, port, bestEffort);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        ExportResult result = plans.export(id, f, options, Optional.ofNullable(from));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/plain;charset=UTF-8"))
                .header("X-Nicplan-Export-Changes", Integer.toString(result.changes().size())).body(result.text());
    }

    @Operation(summary = "Stop the search; the best plan found so far is kept",
            description = "With ?discard=true the plan is deleted as well (204), e.g. to free the NIC description it uses.")
    @ApiResponse(responseCode = "200", description = "stopped; the plan as it is")
    @ApiResponse(responseCode = "204", description = "discarded")
    @DeleteMapping("/{id}")
    public ResponseEntity<PlanView> stop(@PathVariable String id,
                                         @RequestParam(name = "discard", defaultValue = "false") boolean discard) {
        if (discard) {
            plans.discard(id);
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok(plans.stop(id));
    }

    @Operation(summary = "Add flows and re-plan from the current plan; answers the new plan and the diff",
            description = "Body: an array of flows, or {\"flows\": [...]}, in the protocol-state flow format.")
    @ApiResponse(responseCode = "200", description = "the new plan and the diff")
    @ApiResponse(responseCode = "409", description = "the search has not ended, or the plan has no result")
    @ApiResponse(responseCode = "422", description = "invalid flows, each problem at its JSON pointer (errors)")
    @PostMapping(path = "/{id}/flows", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<PlanChangeView> addFlows(@PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, array = @ArraySchema(
                            schema = @Schema(implementation = PlanDocuments.Flow.class))))
            @RequestBody JsonNode body) {
        JsonNode flows = body.isObject() && body.size() == 1 && body.has("flows") ? body.get("flows") : body;
        return work.run("re-planning plan " + id, () -> plans.addFlows(id, flows));
    }

    @Operation(summary = "Remove one flow and re-plan from the current plan; answers the new plan and the diff")
    @ApiResponse(responseCode = "200", description = "the new plan and the diff")
    @ApiResponse(responseCode = "409", description = "the search has not ended, or the plan has no result")
    @DeleteMapping("/{id}/flows/{flow}")
    public DeferredResult<PlanChangeView> removeFlow(@PathVariable String id, @PathVariable String flow) {
        return work.run("re-planning plan " + id, () -> plans.removeFlow(id, flow));
    }
}
