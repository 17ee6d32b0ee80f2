package io.nicplan.optimizer.nic;

import io.nicplan.descriptions.driver.Target;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The compact view of a NIC the optimizer searches over, derived once from its PRG
 * ({@link NicModels#fromPrg}): the queues, the steering mechanisms in precedence order with their
 * capacities, RSS, and the FlexTCP fast path.
 *
 * @param name the description's graph name
 * @param queues receive queues in use (queue ids {@code 0..queues-1})
 * @param defaultQueue where a packet no filter matches lands when the NIC has no RSS
 * @param steerings filter-like C-nodes, lowest precedence number first
 * @param rss the RSS C-node, if any
 * @param fastPath the FlexTCP C-node, if any
 * @param queuesNodeId the {@code queues} C-node that enables queues, if any
 * @param unclassifiedNodeId the {@code unclassified_queue} C-node (virtio-net) choosing where packets RSS cannot hash go, if any
 * @param target what the model is of: the NIC's hardware, or what its Linux driver exposes ({@link NicModels#fromPrg(
 *     io.nicplan.graph.DataflowGraph, Target)})
 * @param transmitOffloadNodeIds the {@code tx_offload} C-nodes (TSO, transmit checksums) every plan turns on: they
 *     lower the host's transmit work and steer nothing, so no placement is worse with them on
 */
public record NicModel(String name, int queues, int defaultQueue, List<Steering> steerings, Optional<RssNode> rss,
                       Optional<FastPathSpec> fastPath, Optional<String> queuesNodeId, Optional<String> unclassifiedNodeId,
                       Target target, List<String> transmitOffloadNodeIds) {

    /** A NIC without transmit offloads. */
    public NicModel(String name, int queues, int defaultQueue, List<Steering> steerings, Optional<RssNode> rss,
                    Optional<FastPathSpec> fastPath, Optional<String> queuesNodeId, Optional<String> unclassifiedNodeId,
                    Target target) {
        this(name, queues, defaultQueue, steerings, rss, fastPath, queuesNodeId, unclassifiedNodeId, target, List.of());
    }

    /** The hardware model of a NIC. */
    public NicModel(String name, int queues, int defaultQueue, List<Steering> steerings, Optional<RssNode> rss,
                    Optional<FastPathSpec> fastPath, Optional<String> queuesNodeId, Optional<String> unclassifiedNodeId) {
        this(name, queues, defaultQueue, steerings, rss, fastPath, queuesNodeId, unclassifiedNodeId, Target.HARDWARE);
    }

    /** A NIC without an {@code unclassified_queue} C-node. */
    public NicModel(String name, int queues, int defaultQueue, List<Steering> steerings, Optional<RssNode> rss,
                    Optional<FastPathSpec> fastPath, Optional<String> queuesNodeId) {
        this(name, queues, defaultQueue, steerings, rss, fastPath, queuesNodeId, Optional.empty(), Target.HARDWARE);
    }

    public NicModel {
        Objects.requireNonNull(name, "name");
        steerings = List.copyOf(steerings);
        Objects.requireNonNull(rss, "rss");
        Objects.requireNonNull(fastPath, "fastPath");
        Objects.requireNonNull(queuesNodeId, "queuesNodeId");
        Objects.requireNonNull(unclassifiedNodeId, "unclassifiedNodeId");
        Objects.requireNonNull(target, "target");
        transmitOffloadNodeIds = List.copyOf(transmitOffloadNodeIds);
        if (queues < 1) {
            throw new IllegalArgumentException(name + ": a NIC needs at least one receive queue");
        }
        if (defaultQueue < 0 || defaultQueue >= queues) {
            throw new IllegalArgumentException(name + ": default queue " + defaultQueue + " outside 0.." + (queues - 1));
        }
    }

    /** The steering nodes of one mechanism, in precedence order. */
    public List<Steering> steerings(Mechanism mechanism) {
        List<Steering> out = new ArrayList<>(steerings.size());
        for (Steering s : steerings) {
            if (s.mechanism() == mechanism) {
                out.add(s);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public boolean has(Mechanism mechanism) {
        if (mechanism == Mechanism.RSS) {
            return rss.isPresent();
        }
        if (mechanism == Mechanism.DEFAULT) {
            return rss.isEmpty();
        }
        for (Steering s : steerings) {   // no stream: the cost model asks per flow and candidate
            if (s.mechanism() == mechanism) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code mechanism} can steer the packets of {@code match} on this NIC: RSS and the default path take every
     * packet; a filter takes an IPv6 flow only where one of its C-nodes' entry types has IPv6 addresses and the target
     * lets a plan use them ({@link Steering#ipv6()}; docs/nic-descriptions.md "IPv6"). The one place that says which
     * flows a filter kind can hold.
     */
    public boolean canHold(Mechanism mechanism, FlowMatch match) {
        if (!mechanism.isFilter() || !match.ipv6()) {
            return true;
        }
        for (Steering s : steerings) {
            if (s.mechanism() == mechanism && s.ipv6()) {
                return true;
            }
        }
        return false;
    }

    /** Total entries of a filter mechanism over all its C-nodes (FlexNIC has one per stage). */
    public int capacity(Mechanism mechanism) {
        int sum = 0;   // no stream or list: the cost model asks per flow and candidate
        for (Steering s : steerings) {
            if (s.mechanism() == mechanism) {
                sum += s.capacity();
            }
        }
        return sum;
    }

    /** Precedence of a mechanism: the first of its C-nodes; the unfiltered path comes last. */
    public int precedence(Mechanism mechanism) {
        int first = Integer.MAX_VALUE;
        for (Steering s : steerings) {
            if (s.mechanism() == mechanism) {
                first = Math.min(first, s.precedence());
            }
        }
        return first;
    }

    /** The mechanism that carries flows without an entry: RSS when the NIC has it, else the default queue. */
    public Mechanism unfiltered() {
        return rss.isPresent() ? Mechanism.RSS : Mechanism.DEFAULT;
    }

    public int fastPathSlots() {
        return fastPath.map(FastPathSpec::slots).orElse(0);
    }

    /** This NIC restricted to its first {@code n} queues (the plan enables only those). */
    public NicModel withQueues(int n) {
        if (n < 1 || n > queues) {
            throw new IllegalArgumentException(name + " has " + queues + " queues" + (target == Target.LINUX
                    ? " its Linux driver can enable" : "") + "; cannot use " + n);
        }
        return new NicModel(name, n, Math.min(defaultQueue, n - 1), steerings, rss, fastPath, queuesNodeId, unclassifiedNodeId,
                target, transmitOffloadNodeIds);
    }

    /** This NIC with its transmit offloads left off (to measure what they save). */
    public NicModel withoutTransmitOffloads() {
        return new NicModel(name, queues, defaultQueue, steerings, rss, fastPath, queuesNodeId, unclassifiedNodeId, target, List.of());
    }
}
