package io.nicplan.service.nic.rest;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.nicplan.graph.io.CollapsedGraphDocument;
import io.nicplan.graph.io.GraphDocument;
import io.nicplan.service.nic.GraphFormat;
import io.nicplan.service.nic.NicService;
import io.nicplan.service.nic.NicView;
import io.nicplan.service.work.RequestWork;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
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
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/nics}: NIC descriptions in Unicorn, stored and shipped. */
@RestController
@RequestMapping("/api/nics")
@Tag(name = "NICs", description = "NIC descriptions in the Unicorn language")
class NicController {
    static final MediaType GRAPHVIZ = MediaType.parseMediaType("text/vnd.graphviz;charset=UTF-8");
    static final MediaType SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");

    private final NicService nics;
    private final RequestWork work;

    public NicController(NicService nics, RequestWork work) {
        this.nics = nics;
        this.work = work;
    }

    @Operation(summary = "Add a description given as Unicorn text",
            description = "201 with the parse summary; 422 with every diagnostic (line, column, message) when it does not parse.")
    @ApiResponse(responseCode = "201", description = "stored (Location: the description)")
    @ApiResponse(responseCode = "409", description = "a description of that name exists")
    @ApiResponse(responseCode = "422", description = "it does not parse: every diagnostic with line and column")
    @PostMapping(consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<ResponseEntity<NicView>> createFromText(@RequestBody String source,
                                                                  @RequestParam Optional<String> name) {
        return work.run("parsing the description", () -> created(nics.create(name, source)));
    }

    @Operation(summary = "Add a description given as JSON {name, source}")
    @ApiResponse(responseCode = "201", description = "stored (Location: the description)")
    @ApiResponse(responseCode = "409", description = "a description of that name exists")
    @ApiResponse(responseCode = "422", description = "it does not parse: every diagnostic with line and column")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<ResponseEntity<NicView>> createFromJson(@Valid @RequestBody NicRequest request) {
        return work.run("parsing the description",
                () -> created(nics.create(Optional.ofNullable(request.name()), request.source())));
    }

    @Operation(summary = "Check Unicorn text without storing it",
            description = "200 with {ok, diagnostics: [{severity, line, column, message}], summary} whether or not it "
                    + "parses; the console's editor calls it as you type.")
    @ApiResponse(responseCode = "200", description = "the diagnostics, whether or not it parses")
    @PostMapping(path = "/validate", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<ResponseEntity<NicService.Validation>> validate(@RequestBody(required = false) String source) {
        String text = source == null ? "" : source;
        return work.run("checking a description", () -> ResponseEntity.ok(nics.validate(text)));
    }

    @Operation(summary = "List shipped and stored descriptions")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<NicView> list() {
        return nics.list();
    }

    @Operation(summary = "One description: an id, builtin:NAME, or a name")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public NicView get(@PathVariable String id) {
        return nics.get(id);
    }

    @Operation(summary = "The description's graph as Graphviz DOT, JSON or SVG",
            description = "collapse=true folds replicated structure (Q0..Q127 as one node Q{0..127}, left to right, "
                    + "short edge labels); expand=TEMPLATE (digits as *, e.g. Q*.Valid; repeatable) keeps those nodes "
                    + "apart. SVG is drawn by Graphviz: 501 where it is not installed. 422 when the rendering would "
                    + "exceed nicplan.limits.max-response-size; 504 past nicplan.limits.request-deadline.")
    @ApiResponse(responseCode = "200", description = "the graph in the format asked for", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    oneOf = {GraphDocument.class, CollapsedGraphDocument.class},
                    description = "the graph (format nicplan-graph, docs/predicates.md \"Graph files\"), or with "
                            + "collapse=true its groups and counted edges (format nicplan-collapsed-graph)")),
            @Content(mediaType = "text/vnd.graphviz", schema = @Schema(type = "string")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "422", description = "the rendering would exceed nicplan.limits.max-response-size")
    @ApiResponse(responseCode = "501", description = "SVG asked for where Graphviz is not installed")
    @GetMapping(path = "/{id}/graph")
    public DeferredResult<ResponseEntity<String>> graph(@PathVariable String id,
                                                        @RequestParam(defaultValue = "json") String format,
                                                        @RequestParam(defaultValue = "false") boolean collapse,
                                                        @RequestParam(defaultValue = "") List<String> expand) {
        GraphFormat f = GraphFormat.parse(format);
        Set<String> expanded = new LinkedHashSet<>(expand);
        expanded.remove("");
        return work.run("rendering graph " + id + " as " + f.name(), () -> ResponseEntity.ok()
                .contentType(type(f)).body(nics.graph(id, f, collapse, expanded)));
    }

    static MediaType type(GraphFormat f) {
        switch (f) {
            case DOT:
                return GRAPHVIZ;
            case SVG:
                return SVG;
            default:
                return MediaType.APPLICATION_JSON;
        }
    }

    @Operation(summary = "Delete a stored description (plans made from it keep their results)")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "409", description = "a shipped description, or one an emulator runs")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        nics.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<NicView> created(NicView view) {
        URI location = UriComponentsBuilder.fromPath("/api/nics/{id}").buildAndExpand(view.id()).toUri();
        return ResponseEntity.created(location).body(view);
    }
}
