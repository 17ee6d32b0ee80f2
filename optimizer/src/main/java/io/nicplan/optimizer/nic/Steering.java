package io.nicplan.optimizer.nic;

import io.nicplan.optimizer.domain.Mechanism;
import java.util.Objects;

/**
 * One steering C-node of a NIC: the mechanism its configuration function implements, its id in the
 * PRG, and how many entries it holds.
 *
 * @param precedence position among the steering nodes; a packet meets lower numbers first
 * @param priorities whether its entries carry a {@code priority} (the SFC9020's five-tuple table has none: its hardware
 *     fixes the precedence, docs/nic-descriptions.md)
 * @param ipv6 whether its entries can match IPv6 flows: the description's entry type has {@code src_ip6}/{@code dst_ip6}
 *     (the X710's flow director, FlexNIC's stages; docs/nic-descriptions.md "IPv6")
 */
public record Steering(Mechanism mechanism, String nodeId, int capacity, int precedence, boolean priorities, boolean ipv6) {
    /** A steering node whose entries carry priorities where its mechanism has them, and match IPv4 only. */
    public Steering(Mechanism mechanism, String nodeId, int capacity, int precedence) {
        this(mechanism, nodeId, capacity, precedence, true, false);
    }

    /** A steering node whose entries match IPv4 only. */
    public Steering(Mechanism mechanism, String nodeId, int capacity, int precedence, boolean priorities) {
        this(mechanism, nodeId, capacity, precedence, priorities, false);
    }

    public Steering {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(nodeId, "nodeId");
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity for " + nodeId);
        }
    }
}
