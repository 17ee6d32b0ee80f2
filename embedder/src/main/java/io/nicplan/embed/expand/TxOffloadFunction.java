package io.nicplan.embed.expand;

import io.nicplan.descriptions.conventions.PrgConventions;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.Edge;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code tx_offload}: one transmit offload the host turns on (Linux: {@code ethtool -K dev tso on},
 * {@code tx on}). The C-node names the offload by its {@code implementation} ({@code tso},
 * {@code tx_l4_csum}, {@code tx_ipv4_csum}). When on, a transmit hardware node with that
 * implementation sits between the C-node's inputs and its {@code out} targets, so the embedder
 * removes the LPG transmit node of the same implementation behind that transmit queue (on the IPv6
 * transmit path too when the C-node carries {@code attr "tx_ipv6"}, which the hardware node keeps); when
 * off, frames pass unchanged and software does the work.
 */
public final class TxOffloadFunction extends OnOffFunction {
    /** Suffix of the hardware node an enabled offload expands to. */
    public static final String OFFLOAD_SUFFIX = ".Offload";

    @Override
    public String name() {
        return "tx_offload";
    }

    @Override
    Expansion expandOn(ConfigSite site, List<String> next) {
        String id = site.id() + OFFLOAD_SUFFIX;
        Attributes attributes = Attributes.NONE.with(Attributes.TRANSMIT);
        if (site.cnode().attributes().has(PrgConventions.TX_IPV6)) {
            attributes = attributes.with(PrgConventions.TX_IPV6);
        }
        Node offload = new Node(id, NodeKind.NODE, List.of(Port.of("out")), attributes,
                site.cnode().implementation(), OptionalLong.empty(), Optional.empty());
        List<Edge> edges = new ArrayList<>();
        next.forEach(t -> edges.add(Edge.port(id, "out", t)));
        return new Expansion.Fixed(site.id(), List.of(offload), edges, List.of(id), List.of());
    }

    @Override
    public String unconfigured() {
        return "off: frames pass to the C-node's out targets as the host built them; software does the work";
    }
}
