package io.nicplan.embed.embedding;

import io.nicplan.embed.classify.CompiledClassifier;
import io.nicplan.embed.classify.FlowPackets;
import io.nicplan.embed.classify.FlowPlacements;
import io.nicplan.embed.classify.QueuePredicates;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.Expansion;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.reach.PacketEvaluator;
import io.nicplan.embed.rss.RssSpec;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.Protocol;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Packets known to reach each queue, found without the solver: the packets of the state's flows,
 * one packet per steering entry, and a few random ones, each classified by the compiled
 * classifier and then checked against the queue's predicate. The embedder answers most
 * satisfiability questions by testing these packets, and needs the solver only when none fits.
 */
final class WitnessSeeds {
    /** Packets kept per queue. */
    static final int PER_QUEUE = 8;
    private static final int RANDOM = 64;
    private static final int MAX_FLOWS = 4_096;

    private WitnessSeeds() {
    }

    static Map<Integer, List<long[]>> of(FlowPlacements placements, QueuePredicates queues) {
        ConfiguredGraph g = placements.classifier().graph();
        FlowPackets packets = placements.classifier().packets();
        CompiledClassifier classifier = placements.classifier().compiled();
        List<RssSpec> rss = g.graph().nodes().stream().map(RssSpec::of).flatMap(Optional::stream).toList();
        List<long[]> candidates = new ArrayList<>();
        List<Flow> flows = placements.classifier().state().flows();
        for (int i = 0; i < flows.size() && i < MAX_FLOWS; i++) {
            if (flows.get(i).isConcrete()) {
                candidates.add(packets.packet(flows.get(i)));
            }
        }
        // A fixed seed: the seeds only speed up questions whose answers do not depend on them.
        Random random = new Random(0x5eed);
        List<Ipv4Address> local = new ArrayList<>(placements.classifier().state().localAddresses());
        for (Expansion x : g.expansions().values()) {
            if (x instanceof FilterChain c) {
                for (ChainEntry e : c.entries()) {
                    candidates.add(matching(e.match(), randomPacket(packets, local, random)));
                }
            }
        }
        for (int i = 0; i < RANDOM; i++) {
            candidates.add(randomPacket(packets, local, random));
        }
        Map<Integer, List<long[]>> out = new HashMap<>();
        for (long[] p : candidates) {
            if (rss.size() == 1) {
                p[HeaderField.RSS_BUCKET.ordinal()] = rss.get(0).bucket(p);
            }
            int q = classifier.queue(p);
            if (q < 0) {
                continue;
            }
            List<long[]> list = out.computeIfAbsent(q, k -> new ArrayList<>());
            if (list.size() < PER_QUEUE && PacketEvaluator.test(queues.of(q), p)) {
                list.add(p);
            }
        }
        return out;
    }

    private static long[] randomPacket(FlowPackets packets, List<Ipv4Address> local, Random random) {
        Ipv4Address dst = local.isEmpty() ? Ipv4Address.of(0x0a00_0001L) : local.get(random.nextInt(local.size()));
        Flow f = new Flow("seed", random.nextBoolean() ? Protocol.UDP : Protocol.TCP,
                AddressPattern.of(Ipv4Address.of(random.nextInt() & 0xFFFF_FFFFL), 1024 + random.nextInt(64_512)),
                AddressPattern.of(dst, 1 + random.nextInt(65_535)), "seed", 1, 64);
        return packets.packet(f);
    }

    /** {@code p} changed to match {@code m}: its masked bits from the match, the rest as they were. */
    private static long[] matching(FilterMatch m, long[] p) {
        if (m.ethType() >= 0) {
            p[HeaderField.ETH_TYPE.ordinal()] = m.ethType();
        }
        if (m.proto() >= 0) {
            // 47 (GRE) stands for "any other protocol".
            p[HeaderField.IP_PROTO.ordinal()] = m.proto() == FilterMatch.PROTO_OTHER ? 47 : m.proto();
        }
        p[HeaderField.IP_SRC.ordinal()] = (p[HeaderField.IP_SRC.ordinal()] & ~m.srcMask()) | m.srcIp();
        p[HeaderField.IP_DST.ordinal()] = (p[HeaderField.IP_DST.ordinal()] & ~m.dstMask()) | m.dstIp();
        p[HeaderField.L4_SPORT.ordinal()] = (p[HeaderField.L4_SPORT.ordinal()] & ~m.srcPortMask()) | m.srcPort();
        p[HeaderField.L4_DPORT.ordinal()] = (p[HeaderField.L4_DPORT.ordinal()] & ~m.dstPortMask()) | m.dstPort();
        return p;
    }
}
