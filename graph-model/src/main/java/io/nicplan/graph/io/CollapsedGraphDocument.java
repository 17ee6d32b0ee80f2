package io.nicplan.graph.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a {@link CollapsedGraph} for the console (docs/console.md "Pictures that fit"): what
 * {@link CollapsedGraph#json()} writes and what the service's OpenAPI document describes, one definition for both.
 *
 * @param format always {@value #FORMAT}
 * @param name the graph's name
 * @param groups every node of the graph in exactly one group, in the graph's node order
 * @param edges the folded edges, in the graph's edge order
 */
public record CollapsedGraphDocument(@JsonProperty(required = true) String format,
                                     @JsonProperty(required = true) String name,
                                     @JsonProperty(required = true) List<CollapsedGroup> groups,
                                     @JsonProperty(required = true) List<CollapsedEdge> edges) {
    public static final String FORMAT = "nicplan-collapsed-graph";

    /**
     * Nodes drawn as one ({@link CollapsedGraph.Group}).
     *
     * @param id the group's label, unique in the graph: {@code Q{0..15}.Valid}, or the node's id when alone
     * @param template the members' id with every run of digits written {@code *}: what {@code expand=} names
     * @param kind the members' Unicorn keyword: node, boolean, and, or, nand, nor, config
     * @param software whether the members run on the host
     * @param function the configuration function of C-node members; absent on other nodes
     * @param size how many members
     * @param members the node ids, by their index
     */
    public record CollapsedGroup(@JsonProperty(required = true) String id, @JsonProperty(required = true) String template,
                                 @JsonProperty(required = true) String kind, @JsonProperty(required = true) boolean software,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String function,
                                 @JsonProperty(required = true) int size,
                                 @JsonProperty(required = true) List<String> members) {
    }

    /**
     * Edges of the graph with the same source group, label, target group and kind, as one.
     *
     * @param kind {@code port} or {@code spawn}
     * @param count how many edges of the graph this one stands for
     */
    public record CollapsedEdge(@JsonProperty(required = true) String source, @JsonProperty(required = true) String label,
                                @JsonProperty(required = true) String target, @JsonProperty(required = true) String kind,
                                @JsonProperty(required = true) int count) {
    }

    /** The document of {@code c}. */
    public static CollapsedGraphDocument of(CollapsedGraph c) {
        List<CollapsedGroup> groups = c.groups().stream().map(g -> new CollapsedGroup(g.id(), g.template(),
                g.kind().keyword(), g.software(), g.function().orElse(null), g.members().size(), g.members())).toList();
        List<CollapsedEdge> edges = c.edges().stream().map(e -> new CollapsedEdge(e.source(), e.label(), e.target(),
                e.kind().name().toLowerCase(Locale.ROOT), e.count())).toList();
        return new CollapsedGraphDocument(FORMAT, c.name(), groups, edges);
    }
}
