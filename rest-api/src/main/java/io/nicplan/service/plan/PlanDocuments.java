package io.nicplan.service.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the JSON documents a plan answer carries, for the OpenAPI document: the stored inputs
 * ({@code request}), the plan ({@code PlanJson}, docs/formats.md "Plan") and a re-plan's diff. The service writes
 * these documents as stored ({@link RawJson}); the records here say what they hold, and the contract test
 * ({@code ContractTest}) holds every real answer to them.
 */
public final class PlanDocuments {
    private PlanDocuments() {
    }

    /** The inputs of a plan as stored: the request with its defaults filled in. */
    @Schema(name = "PlanInputs")
    public record Inputs(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the NIC description's id or builtin:NAME")
            String nic,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ProtocolState state,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CostSpecification cost,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "optaplanner") String strategy,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO-8601", example = "PT5S")
            String timeLimit,
            Integer stepLimit,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean explain,
            @Schema(description = "hardware or linux; absent is hardware") String target) {
    }

    /** A host's protocol state (docs/formats.md "Protocol state"); every list may be absent. */
    @Schema(name = "ProtocolState")
    public record ProtocolState(List<Interface> interfaces, List<Application> applications, List<Endpoint> endpoints,
                                List<Flow> flows) {
    }

    /** A network interface: its MAC address and IPv4 addresses as text. */
    @Schema(name = "Interface")
    public record Interface(String name, @Schema(example = "02:00:00:00:00:01") String mac,
                            @Schema(example = "[\"10.0.0.1\"]") List<String> ipv4) {
    }

    /** An application and the cores its threads run on. */
    @Schema(name = "Application")
    public record Application(String name, List<Integer> cores) {
    }

    /** Where the host receives: a UDP or TCP port, listening or connected. */
    @Schema(name = "Endpoint")
    public record Endpoint(String name, @Schema(allowableValues = {"udp", "tcp"}) String proto,
                           @Schema(example = "*:11211") String local, @Schema(example = "10.0.0.50:7000") String remote,
                           String application, List<Socket> sockets) {
    }

    /** An application receive queue on a core. */
    @Schema(name = "Socket")
    public record Socket(String name, int core) {
    }

    /** A class of packets the host expects. */
    @Schema(name = "Flow")
    public record Flow(
            @Schema(description = "a string, or a non-negative integer kept as given", types = {"string", "integer"})
            Object id,
            @Schema(allowableValues = {"udp", "tcp"}) String proto,
            @Schema(example = "10.0.1.1:40001") String src, @Schema(example = "10.0.0.1:11211") String dst,
            @Schema(name = "class", example = "gold") String trafficClass,
            double pps, int bytes) {
    }

    /** Flows in the protocol-state format. */
    @Schema(name = "FlowList")
    @JsonIgnoreProperties("empty")
    public static final class FlowList extends ArrayList<Flow> {
    }

    /** A cost specification (docs/formats.md "Cost specification"): weighted terms and hard rules. */
    @Schema(name = "CostSpecification")
    public record CostSpecification(
            @Schema(description = "term name -> a weight 0..10000, or {weight, options of the term}")
            Map<String, CostTerm> terms,
            @Schema(description = "hard rules: sameCore, maxFlowsPerQueue, maxPpsPerQueue, reservedQueues, ...")
            Map<String, RuleValue> rules) {
    }

    /** A term's weight alone, or an object with its weight and its options. */
    @Schema(name = "CostTerm", oneOf = {Integer.class, CostTermOptions.class})
    public interface CostTerm {
    }

    /** A term with options: {@code weight} (default 1) and the term's own options. */
    @Schema(name = "CostTermOptions", type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record CostTermOptions(Integer weight) implements CostTerm {
    }

    /** A hard rule's value: a flag, a bound or a list of queues. */
    @Schema(name = "RuleValue", oneOf = {Boolean.class, Long.class, QueueList.class})
    public interface RuleValue {
    }

    /** A list of queue numbers. */
    @Schema(name = "QueueList")
    @JsonIgnoreProperties("empty")
    public static final class QueueList extends ArrayList<Integer> {
    }

    /** A plan (docs/formats.md "Plan"): cost by term, placements, configuration, pipelines, explanation. */
    @Schema(name = "Plan")
    public record Plan(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String nic,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String strategy,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean feasible,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> reasons,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Cost cost,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Placement> placements,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "C-node id -> its value in the C-node's type (docs/nic-descriptions.md): tuples as "
                            + "objects, lists as arrays, enum symbols as strings, IPv4 addresses as dotted text")
            Map<String, ConfigurationValue> configuration,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Pipeline> pipelines,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Explanation> explanation,
            @Schema(description = "present when the plan was re-checked with the embedder") Boolean verified,
            List<String> mismatches,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long millis) {
    }

    /**
     * A configuration value: boolean, integer, symbol or address text, list or tuple of values. Recursive, so its
     * schema is written by {@code OpenApiConfig}, not derived from this type.
     */
    @Schema(name = "ConfigurationValue")
    public interface ConfigurationValue {
    }

    /** The weighted soft cost and the hard-rule penalty, by term (thousandths of the terms' units). */
    @Schema(name = "PlanCost")
    public record Cost(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) long total,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long hard,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, TermCost> terms) {
    }

    /** A term's value before weighting, its weight, and their product. */
    @Schema(name = "TermCost")
    public record TermCost(long value, long weight, long cost) {
    }

    /** Where a flow goes: the mechanism, the queue ({@code null} for a wildcard flow RSS spreads), the fast path. */
    @Schema(name = "Placement")
    public record Placement(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String flow,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                    allowableValues = {"fivetuple", "fdir", "rss", "default", "match_action"})
                            String mechanism,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = {"integer", "null"},
                                    description = "null for a wildcard flow that RSS spreads over its table")
                            Integer queue,
                            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean fastPath) {
    }

    /** A queue's software pipeline: flows, packets/s, cycles per packet and per second, the core it runs on. */
    @Schema(name = "QueuePipeline")
    public record Pipeline(int queue, int flows, long pps, double cyclesPerPacket, long kcyclesPerSecond, Integer core) {
    }

    /** A constraint's share of the score, with its matches in words. */
    @Schema(name = "ConstraintExplanation")
    public record Explanation(String constraint, long hard, long soft, int matchCount, List<String> matches) {
    }

    /** The table writes that take the NIC from one plan's configuration to the next. */
    @Schema(name = "PlanDiff")
    public record Diff(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int size,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, NodeDiff> nodes) {
    }

    /** One C-node's writes: entries added, removed, and changed in place. */
    @Schema(name = "NodeDiff")
    public record NodeDiff(List<ConfigurationValue> add, List<ConfigurationValue> remove, List<Move> move) {
    }

    /** An entry changed in place. */
    @Schema(name = "EntryMove")
    public record Move(ConfigurationValue from, ConfigurationValue to) {
    }
}
