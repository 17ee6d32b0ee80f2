package io.nicplan.embed.expand;

import io.nicplan.embed.json.Problems;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code syn}: the 82599's SYN filter (SYNQF) steers TCP connection requests — SYN set, ACK clear —
 * to one queue.
 */
public final class SynFunction implements ConfigFunction {
    /** TCP flag bits SYN (0x02) and ACK (0x10), RFC 9293. */
    private static final long SYN = 0x02;
    private static final long SYN_ACK_MASK = 0x12;

    /** Connection requests: IPv4 TCP segments with SYN set and ACK clear. */
    public static Predicate connectionRequest() {
        return Predicate.and(Predicate.eq(HeaderField.ETH_TYPE, 0x0800), Predicate.eq(HeaderField.IP_PROTO, 6),
                Predicate.masked(HeaderField.TCP_FLAGS, SYN, SYN_ACK_MASK));
    }

    @Override
    public String name() {
        return "syn";
    }

    @Override
    public void check(ConfigSite site, ConfigValue value, String pointer, Problems problems) {
        if (value instanceof ConfigValue.IntValue q && site.queueTarget((int) q.value()).isEmpty()) {
            problems.add(pointer, "C-node " + site.id() + " reaches queues 0.." + (site.queueTargetCount() - 1)
                    + "; it cannot steer to queue " + q.value());
        }
    }

    @Override
    public Map<String, Long> consumption(ConfigSite site, ConfigValue value) {
        return Map.of();
    }

    @Override
    public Expansion expand(ConfigSite site, Optional<ConfigValue> value) {
        if (value.isEmpty() || !(value.get() instanceof ConfigValue.IntValue q)) {
            return Expansion.Fixed.passThrough(site.id(), site.defaultTargets());
        }
        Node node = new Node(site.id(), NodeKind.BOOLEAN, List.of(new Port(Port.TRUE, connectionRequest()), Port.of(Port.FALSE)),
                Attributes.NONE.with("queue=" + q.value()), Optional.of("syn_filter"), OptionalLong.empty(), Optional.empty());
        List<Edge> edges = new ArrayList<>();
        site.queueTarget((int) q.value()).ifPresent(t -> edges.add(Edge.port(site.id(), Port.TRUE, t)));
        site.defaultTargets().forEach(t -> edges.add(Edge.port(site.id(), Port.FALSE, t)));
        return new Expansion.Fixed(site.id(), List.of(node), edges, List.of(site.id()), List.of());
    }

    @Override
    public String unconfigured() {
        return "off: SYN segments are steered like any other packet";
    }
}
