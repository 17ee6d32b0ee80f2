package io.nicplan.service.emulator.rest;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.nicplan.service.emulator.EmulatorDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.service.emulator.EmulatorService;
import io.nicplan.service.emulator.EmulatorView;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.work.RequestWork;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/emulators}: emulated NICs that plans are written to and traffic is driven through. */
@RestController
@RequestMapping("/api/emulators")
@Tag(name = "Emulators", description = "Emulated NICs (any description the backend compiles): configure with a plan, drive traffic, read counters and pcap")
class EmulatorController {
    static final MediaType PCAP = MediaType.parseMediaType("application/vnd.tcpdump.pcap");

    private final EmulatorService emulators;
    private final RequestWork work;

    public EmulatorController(EmulatorService emulators, RequestWork work) {
        this.emulators = emulators;
        this.work = work;
    }

    @Operation(summary = "Create an emulator of a NIC description")
    @ApiResponse(responseCode = "201", description = "created (Location: the emulator)")
    @ApiResponse(responseCode = "409", description = "nicplan.limits.max-emulators exist already")
    @ApiResponse(responseCode = "422", description = "no such description, or the backend cannot compile it")
    @ApiResponse(responseCode = "507", description = "the emulator would exceed the service's memory budget")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<ResponseEntity<EmulatorView>> create(@Valid @RequestBody EmulatorRequest request) {
        return work.run("compiling an emulator of " + request.description(), () -> {
            EmulatorView v = emulators.create(request.description());
            URI location = UriComponentsBuilder.fromPath("/api/emulators/{id}").buildAndExpand(v.id()).toUri();
            return ResponseEntity.created(location).body(v);
        });
    }

    @Operation(summary = "List emulators")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<EmulatorView> list() {
        return emulators.list();
    }

    @Operation(summary = "One emulator: its layout and the plan it holds")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public EmulatorView get(@PathVariable String id) {
        return emulators.get(id);
    }

    @Operation(summary = "Delete an emulator (and its configuration history)")
    @ApiResponse(responseCode = "204", description = "deleted")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        emulators.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Write a plan's configuration as one atomic batch; per-update statuses",
            description = "verifyOnly=true checks the batch and changes nothing. A batch that is refused answers 409 "
                    + "with the statuses.")
    @ApiResponse(responseCode = "200", description = "written (or verified)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = EmulatorDocuments.ConfigurationOutcome.class)))
    @ApiResponse(responseCode = "409", description = "the batch was refused (outcome), or the plan is for another NIC")
    @ApiResponse(responseCode = "422", description = "no such plan (errors)")
    @PutMapping(path = "/{id}/configuration", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public JsonNode configure(@PathVariable String id, @Valid @RequestBody ConfigurationRequest request,
                              @RequestParam(defaultValue = "false") boolean verifyOnly) {
        JsonNode outcome = emulators.configure(id, request.plan(), verifyOnly);
        if (!verifyOnly && !outcome.path("committed").asBoolean()) {
            throw ApiProblem.conflict("the emulator refused the batch; nothing was changed",
                    Map.of("outcome", outcome));
        }
        return outcome;
    }

    @Operation(summary = "Drive traffic through the emulator; predicted vs observed queue per flow, and the counters")
    @ApiResponse(responseCode = "200", description = "predicted vs observed per flow", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = EmulatorDocuments.TrafficOutcome.class)))
    @ApiResponse(responseCode = "409", description = "the emulator holds no plan yet")
    @ApiResponse(responseCode = "413", description = "more packets than nicplan.limits.max-traffic-packets")
    @ApiResponse(responseCode = "422", description = "invalid flows, each problem at its JSON pointer (errors)")
    @PostMapping(path = "/{id}/traffic", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public DeferredResult<JsonNode> traffic(@PathVariable String id,
                                            @Valid @RequestBody(required = false) TrafficRequest request) {
        TrafficRequest r = request == null ? new TrafficRequest(null, null, null) : request;
        Duration duration = r.duration() == null ? Duration.ofSeconds(1) : r.duration();
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw ApiProblem.badRequest("duration " + duration + " is not in (0, PT1H]",
                    Map.of("pointer", "/duration"));
        }
        EmulatorService.Traffic traffic = new EmulatorService.Traffic(
                Optional.ofNullable(r.flows()).filter(f -> !f.isNull()), duration,
                r.maxPacketsPerFlow() == null ? 100 : r.maxPacketsPerFlow());
        return work.run("the traffic replay on emulator " + id, () -> emulators.traffic(id, traffic));
    }

    @Operation(summary = "The emulator's device counters")
    @GetMapping(path = "/{id}/counters", produces = MediaType.APPLICATION_JSON_VALUE)
    public NicCounters counters(@PathVariable String id) {
        return emulators.counters(id);
    }

    @Operation(summary = "The emulator's wire as a pcap file (received and transmitted frames)")
    @ApiResponse(responseCode = "200", description = "the capture (libpcap format)", content = @Content(
            mediaType = "application/vnd.tcpdump.pcap", schema = @Schema(type = "string", format = "binary")))
    @GetMapping(path = "/{id}/pcap", produces = "application/vnd.tcpdump.pcap")
    public ResponseEntity<byte[]> pcap(@PathVariable String id) {
        return ResponseEntity.ok().contentType(PCAP)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"emulator-" + id + ".pcap\"")
                .body(emulators.pcap(id));
    }
}
