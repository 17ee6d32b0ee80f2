package io.nicplan.embed.classify;

import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.expand.ChainEntry;
import io.nicplan.embed.expand.FilterChain;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.state.Flow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The placement of every flow of a state on a configured graph, kept up to date through
 * configuration changes without reclassifying everything.
 *
 * <p>Adding or removing one steering-table entry can only move the flows that entry matches: a
 * packet the entry does not match meets the same first matching entry as before, so its path is
 * unchanged. {@link #apply} therefore reclassifies exactly the flows that intersect the entry's
 * match (found through an index by destination port or address), which includes every flow
 * whose queue was the default path and that the entry now takes. Any other change reclassifies
 * all flows.
 */
public final class FlowPlacements {
    private final FlowClassifier classifier;
    private final LazyIndex index;
    private final Placement[] placements;

    private FlowPlacements(FlowClassifier classifier, LazyIndex index, Placement[] placements) {
        this.classifier = classifier;
        this.index = index;
        this.placements = placements;
    }

    /** Classifies every flow. */
    public static FlowPlacements of(FlowClassifier classifier, List<Flow> flows) {
        List<Flow> kept = List.copyOf(flows);
        Placement[] p = new Placement[kept.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = classifier.classify(kept.get(i));
        }
        return new FlowPlacements(classifier, new LazyIndex(kept), p);
    }

    /** The outcome of one change: the new placements, the flows reclassified, and those whose placement changed. */
    public record Update(FlowPlacements placements, List<String> reclassified, List<Placement> changed) {
        public Update {
            reclassified = List.copyOf(reclassified);
            changed = List.copyOf(changed);
        }
    }

    /**
     * Applies a configuration change and reclassifies the flows it can affect.
     *
     * @throws io.nicplan.embed.input.InvalidInputException if the change does not fit the configuration
     */
    public Update apply(ConfigChange change) {
        ConfiguredGraph before = classifier.graph();
        ConfiguredGraph after = before.apply(change);
        FlowClassifier next = classifier.patched(after, change);
        Optional<FilterMatch> match = changedEntry(before, after, change);
        Index index = this.index.get();
        int[] candidates = match.map(index::candidates).orElseGet(index::all);
        Placement[] p = placements.clone();
        List<String> reclassified = new ArrayList<>(candidates.length);
        List<Placement> changed = new ArrayList<>();
        for (int i : candidates) {
            if (match.isPresent() && !match.get().intersects(index.matches[i])) {
                continue;
            }
            Flow f = index.flows.get(i);
            Placement now = next.classify(f);
            reclassified.add(f.id());
            if (!now.equals(p[i])) {
                changed.add(now);
                p[i] = now;
            }
        }
        return new Update(new FlowPlacements(next, this.index, p), reclassified, changed);
    }

    /** The match of the entry a chain change adds or removes; empty for other changes. */
    private static Optional<FilterMatch> changedEntry(ConfiguredGraph before, ConfiguredGraph after, ConfigChange change) {
        if (change instanceof ConfigChange.AddEntry) {
            return after.chain(change.cnode()).map(c -> c.entryAt(c.size() - 1).match());
        }
        if (change instanceof ConfigChange.RemoveEntry r) {
            Optional<FilterChain> c = before.chain(change.cnode());
            return c.map(chain -> chain.entryAt(r.index())).map(ChainEntry::match);
        }
        return Optional.empty();
    }

    public FlowClassifier classifier() {
        return classifier;
    }

    /** Placements in the state's flow order. */
    public List<Placement> all() {
        return Collections.unmodifiableList(Arrays.asList(placements));
    }

    public Optional<Placement> placement(String flowId) {
        Integer i = index.byId().get(flowId);
        return i == null ? Optional.empty() : Optional.of(placements[i]);
    }

    /**
     * The flows' {@link Index} and their positions by id, each built on first use: only
     * {@link #apply} needs the index and {@link #placement} the positions, and most placements (an
     * embedding's) are read in order and dropped. Shared by the placements {@link #apply} derives,
     * since the flows stay the same.
     */
    private static final class LazyIndex {
        private final List<Flow> flows;
        private Index index;
        private Map<String, Integer> byId;

        LazyIndex(List<Flow> flows) {
            this.flows = flows;
        }

        synchronized Index get() {
            if (index == null) {
                index = new Index(flows);
            }
            return index;
        }

        synchronized Map<String, Integer> byId() {
            if (byId == null) {
                byId = new HashMap<>();
                for (int i = 0; i < flows.size(); i++) {
                    byId.put(flows.get(i).id(), i);
                }
            }
            return byId;
        }
    }

    /** Flows indexed by what steering entries usually match exactly: destination port, destination address. */
    private static final class Index {
        final List<Flow> flows;
        final FilterMatch[] matches;
        final Map<Integer, int[]> byDstPort;
        final Map<Long, int[]> byDstIp;
        final int[] anyDstPort;
        final int[] anyDstIp;

        Index(List<Flow> flows) {
            this.flows = List.copyOf(flows);
            this.matches = new FilterMatch[flows.size()];
            Map<Integer, List<Integer>> port = new HashMap<>();
            Map<Long, List<Integer>> ip = new HashMap<>();
            List<Integer> anyPort = new ArrayList<>();
            List<Integer> anyIp = new ArrayList<>();
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                matches[i] = matchOf(f);
                if (f.dst().port().isPresent()) {
                    port.computeIfAbsent(f.dst().port().getAsInt(), k -> new ArrayList<>()).add(i);
                } else {
                    anyPort.add(i);
                }
                if (f.dst().ipv4().isPresent()) {
                    ip.computeIfAbsent(f.dst().ipv4().get().value(), k -> new ArrayList<>()).add(i);
                } else {
                    anyIp.add(i);
                }
            }
            byDstPort = freeze(port);
            byDstIp = freeze(ip);
            anyDstPort = ints(anyPort);
            anyDstIp = ints(anyIp);
        }

        /** The flows an entry may match: by its exact destination port or address, else all. */
        int[] candidates(FilterMatch m) {
            if (m.dstPortMask() == 0xFFFF) {
                return concat(byDstPort.getOrDefault(m.dstPort(), new int[0]), anyDstPort);
            }
            if (m.dstMask() == 0xFFFF_FFFFL) {
                return concat(byDstIp.getOrDefault(m.dstIp(), new int[0]), anyDstIp);
            }
            return all();
        }

        int[] all() {
            int[] out = new int[flows.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = i;
            }
            return out;
        }

        /** The packets of a flow as a match: exact where the flow is concrete, wildcard elsewhere. */
        static FilterMatch matchOf(Flow f) {
            // An IPv6 flow is its EtherType, its addresses as ip6 word terms and its ports: no IPv4 entry
            // intersects it, and an IPv6 entry does when its words agree.
            boolean ipv6 = f.src().version() == 6 || f.dst().version() == 6;
            FilterMatch m = (ipv6 ? FilterMatch.anyIpv6() : FilterMatch.anyIpv4()).withProto(f.proto().ipProto());
            if (f.src().ipv4().isPresent()) {
                m = m.withSrc(f.src().ipv4().get().value(), 32);
            }
            if (f.dst().ipv4().isPresent()) {
                m = m.withDst(f.dst().ipv4().get().value(), 32);
            }
            if (f.src().ipv6().isPresent()) {
                m = m.withSrc6(f.src().ipv6().get());
            }
            if (f.dst().ipv6().isPresent()) {
                m = m.withDst6(f.dst().ipv6().get());
            }
            if (f.src().port().isPresent()) {
                m = m.withSrcPort(f.src().port().getAsInt());
            }
            if (f.dst().port().isPresent()) {
                m = m.withDstPort(f.dst().port().getAsInt());
            }
            return m;
        }

        private static <K> Map<K, int[]> freeze(Map<K, List<Integer>> m) {
            Map<K, int[]> out = new HashMap<>();
            m.forEach((k, v) -> out.put(k, ints(v)));
            return out;
        }

        private static int[] ints(List<Integer> l) {
            return l.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int[] concat(int[] a, int[] b) {
            int[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
