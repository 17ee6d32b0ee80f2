package io.nicplan.descriptions.driver;

import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plan may use of a NIC description under a {@link Target}, read from the description itself
 * (docs/nic-descriptions.md "Driver-visible limits"): under {@code hardware} everything it declares; under
 * {@code linux} what the NIC's Linux driver exposes, which a description states as
 * <ul>
 *   <li>{@code attr "linux_rx_queues=N"} on the source node (the wire): the receive queues the driver can enable;
 *       it is what marks a NIC as having a Linux driver;</li>
 *   <li>{@code attr "linux_ntuple"} on the C-node whose table {@code ethtool -N} rules land in;</li>
 *   <li>{@code attr "linux_capacity=N"} on a C-node whose table the driver fills less than the hardware holds;</li>
 *   <li>{@code attr "linux_unreachable=REASON"} on a C-node no ethtool command reaches;</li>
 *   <li>{@code attr "linux_ipv4_only=REASON"} on a C-node whose entries the hardware matches on IPv6 addresses
 *       ({@code src_ip6}/{@code dst_ip6}) but whose driver takes IPv4 rules only (docs/nic-descriptions.md "IPv6").</li>
 * </ul>
 * The one reader of these facts: planning (the optimizer's NIC model) and export (the application's Linux driver)
 * both take them from here. Under {@code linux} an RSS table must also be one {@code ethtool -X} can set
 * ({@link #rssTableByEthtool()}).
 *
 * @param nic the description's graph name
 * @param target the target these limits are for
 * @param rxQueues receive queues a plan may enable
 * @param capacities the driver's capacity of a C-node's table by C-node id, where less than the hardware's (empty
 *     under {@code hardware})
 * @param ntupleNode the C-node {@code ethtool -N} rules land in (empty under {@code hardware} or without one)
 * @param unreachable C-nodes a plan may not use, each with the reason (empty under {@code hardware})
 * @param ipv4Only C-nodes a plan may fill with IPv4 entries only, each with the reason (empty under {@code hardware})
 */
public record DriverLimits(String nic, Target target, int rxQueues, Map<String, Long> capacities,
                           Optional<String> ntupleNode, Map<String, String> unreachable, Map<String, String> ipv4Only) {
    /** The source node's attribute with the receive queues the Linux driver can enable. */
    public static final String QUEUES_ATTRIBUTE = "linux_rx_queues";
    /** The attribute of a C-node whose table the driver fills only up to its value. */
    public static final String CAPACITY_ATTRIBUTE = "linux_capacity";
    /** The attribute of the C-node whose table {@code ethtool -N} rules land in. */
    public static final String NTUPLE_ATTRIBUTE = "linux_ntuple";
    /** The attribute (with its reason as value) of a C-node no ethtool command reaches. */
    public static final String UNREACHABLE_ATTRIBUTE = "linux_unreachable";
    /** The attribute (with its reason as value) of a C-node whose driver takes IPv4 rules only. */
    public static final String IPV4_ONLY_ATTRIBUTE = "linux_ipv4_only";

    public DriverLimits {
        Objects.requireNonNull(nic, "nic");
        Objects.requireNonNull(target, "target");
        capacities = Map.copyOf(capacities);
        Objects.requireNonNull(ntupleNode, "ntupleNode");
        unreachable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unreachable));
        ipv4Only = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ipv4Only));
    }

    /**
     * The limits of {@code prg} under {@code target}.
     *
     * @throws IllegalArgumentException under {@code linux} when the description states no Linux driver
     *     ({@code resource linux_rx_queues})
     */
    public static DriverLimits of(DataflowGraph prg, Target target) {
        int queues = (int) Math.min(Integer.MAX_VALUE, prg.resource(Resource.RX_QUEUES).map(Resource::capacity).orElse(0L));
        if (target == Target.HARDWARE) {
            return new DriverLimits(prg.name(), target, queues, Map.of(), Optional.empty(), Map.of(), Map.of());
        }
        Optional<Long> linuxQueues = linuxQueues(prg);
        if (linuxQueues.isEmpty()) {
            throw new IllegalArgumentException(prg.name() + " states no Linux driver (attr \"" + QUEUES_ATTRIBUTE
                    + "=N\" on its source node), so it cannot be planned for target linux");
        }
        Map<String, Long> capacities = new LinkedHashMap<>();
        Optional<String> ntuple = Optional.empty();
        Map<String, String> unreachable = new LinkedHashMap<>();
        Map<String, String> ipv4Only = new LinkedHashMap<>();
        for (Node n : prg.nodesOfKind(NodeKind.CONFIG)) {
            n.attributes().value(IPV4_ONLY_ATTRIBUTE).ifPresent(reason -> ipv4Only.put(n.id(), reason));
            if (n.attributes().has(NTUPLE_ATTRIBUTE)) {
                ntuple = Optional.of(n.id());
            }
            n.attributes().value(CAPACITY_ATTRIBUTE).ifPresent(c -> capacities.put(n.id(), number(prg, n.id(), CAPACITY_ATTRIBUTE, c)));
            n.attributes().value(UNREACHABLE_ATTRIBUTE).ifPresent(reason -> unreachable.put(n.id(), reason));
        }
        return new DriverLimits(prg.name(), target, (int) Math.min(queues, linuxQueues.get()), capacities, ntuple, unreachable, ipv4Only);
    }

    /** Whether the description states a Linux driver's limits ({@code attr "linux_rx_queues=N"} on its source). */
    public static boolean hasLinuxDriver(DataflowGraph prg) {
        return linuxQueues(prg).isPresent();
    }

    private static Optional<Long> linuxQueues(DataflowGraph prg) {
        for (Node n : prg.nodes()) {
            if (n.attributes().has(io.nicplan.graph.Attributes.SOURCE)) {
                Optional<String> v = n.attributes().value(QUEUES_ATTRIBUTE);
                if (v.isPresent()) {
                    return Optional.of(number(prg, n.id(), QUEUES_ATTRIBUTE, v.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static long number(DataflowGraph prg, String node, String attribute, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(prg.name() + ": node " + node + " has " + attribute + "=" + value
                + ", not a positive count");
    }

    /** The capacity a plan may use of C-node {@code id}'s table, which the hardware sizes at {@code declared}. */
    public long capacity(String id, long declared) {
        Long figure = capacities.get(id);
        return figure == null ? declared : Math.min(declared, figure);
    }

    /** Whether a plan may configure the C-node {@code id}. */
    public boolean reaches(String id) {
        return !unreachable.containsKey(id);
    }

    /** Whether a plan may put IPv6 entries in C-node {@code id}'s table (where its entry type has IPv6 addresses). */
    public boolean takesIpv6(String id) {
        return !ipv4Only.containsKey(id);
    }

    /**
     * Whether an RSS table must be one {@code ethtool -X} can set: {@code equal N} (entry i to queue i mod N) or
     * {@code weight W0 W1 ...} (each queue one contiguous run of entries, in queue order; ethtool.c
     * fill_indir_table). True under {@code linux}.
     */
    public boolean rssTableByEthtool() {
        return target == Target.LINUX;
    }
}
