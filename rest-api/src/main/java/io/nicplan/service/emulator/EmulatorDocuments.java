package io.nicplan.service.emulator;

import io.nicplan.flexnic.emulator.NicCounters;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the emulator's answers that the application layer writes as JSON ({@code InstallOutcome.toJson},
 * {@code TrafficReport.toJson}), for the OpenAPI document; the contract test ({@code ContractTest}) holds every
 * real answer to them.
 */
public final class EmulatorDocuments {
    private EmulatorDocuments() {
    }

    /** What writing a plan's configuration did: every table write with its status, and whether the batch committed. */
    @Schema(name = "ConfigurationOutcome")
    public record ConfigurationOutcome(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String plan,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int revision,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean verifyOnly,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean committed,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Update> updates,
            @Schema(description = "why the batch did not commit") String failures,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean newProgram,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FastPath fastPath,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> notes,
            @Schema(description = "the attempt's number in the emulator's configuration history") Long seq) {
    }

    /** One table write, P4Runtime style; no status when the batch stopped before it. */
    @Schema(name = "ConfigurationUpdate")
    public record Update(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String entity,
                         @Schema(example = "OK") String status, String message) {
    }

    /** FlexTCP fast-path slots used and available. */
    @Schema(name = "FastPathSlots")
    public record FastPath(int slots, int capacity) {
    }

    /**
     * What re-applying the recorded configuration after a restart gave: a {@link ConfigurationOutcome}'s members
     * (or {@code committed: false} and the {@code error}), with when it was recorded and re-applied.
     */
    @Schema(name = "RestoredConfiguration")
    public record Restored(String plan, Integer revision, Boolean verifyOnly,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean committed,
                           List<Update> updates, String failures, Boolean newProgram, FastPath fastPath,
                           List<String> notes, String error,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String restoredAt,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String recordedAt) {
    }

    /** A traffic replay: per flow predicted and observed queues, a summary, and the counters after it. */
    @Schema(name = "TrafficOutcome")
    public record TrafficOutcome(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<FlowResult> flows,
                                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Summary summary,
                                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String plan,
                                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int revision,
                                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED) NicCounters counters) {
    }

    /** One flow's frames: the prediction (absent when the plan says nothing of it), what was observed, agreement. */
    @Schema(name = "FlowTraffic")
    public record FlowResult(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String flow,
                             @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int packets,
                             Predicted predicted,
                             @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Observed observed,
                             Boolean agree) {
    }

    /** Where the plan said a flow goes. */
    @Schema(name = "PredictedPlacement")
    public record Predicted(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String mechanism,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"integer", "null"}) Integer queue,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean fastPath) {
    }

    /** Where a flow's frames went: frames per queue (keyed by queue number), the fast path, drops by reason. */
    @Schema(name = "ObservedFrames")
    public record Observed(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, Long> queues,
                           Long fastPath, Map<String, Long> drops) {
    }

    /** Flows and frames sent, flows compared with a prediction and how many agreed. */
    @Schema(name = "TrafficSummary")
    public record Summary(int flows, long packets, int compared, int agreed,
                          @Schema(minimum = "0", maximum = "1") double agreement) {
    }
}
