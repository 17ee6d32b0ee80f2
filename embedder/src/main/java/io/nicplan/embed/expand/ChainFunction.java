package io.nicplan.embed.expand;

import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.net.Ipv6Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A configuration function whose value is a list of steering entries, expanded into a
 * {@link FilterChain}. Subclasses say how one list element becomes a match and an action.
 */
public abstract class ChainFunction implements ConfigFunction {

    /** One list element, read: its priority (0 when the table has none), match and action. */
    public record Parsed(int priority, FilterMatch match, ChainAction action) {
    }

    /** The resource one entry takes a slot of, e.g. {@code fivetuple_filters}. */
    protected abstract String resource();

    /** Whether entries carry priorities (otherwise chain order is list order). */
    public abstract boolean hasPriorities();

    /** Reads one type-checked element. */
    protected abstract Parsed parse(ConfigValue.TupleValue element);

    /** Whether two entries with the same match are an error (exact-match hash tables reject them). */
    protected boolean rejectsDuplicates() {
        return false;
    }

    /** Checks of one element beyond its type (the default: none). */
    protected void checkElement(ConfigSite site, ConfigValue.TupleValue element, String pointer, Problems problems) {
    }

    ChainEntry entry(ConfigSite site, ConfigValue element, long seq) {
        Parsed p = parse((ConfigValue.TupleValue) element);
        OptionalLong mark = p.action() instanceof ChainAction.Mark m ? OptionalLong.of(m.value()) : OptionalLong.empty();
        return new ChainEntry(seq, p.priority(), p.match(), p.action(), targets(site, p.action()), mark);
    }

    /** Where packets an entry with this action matches end up (after any helper node). */
    static List<String> targets(ConfigSite site, ChainAction action) {
        if (action instanceof ChainAction.ToQueue q) {
            return site.queueTarget(q.queue()).map(List::of).orElse(List.of());
        } else if (action instanceof ChainAction.FastPath f) {
            return site.queueTarget(f.queue()).map(List::of).orElse(List.of());
        } else if (action instanceof ChainAction.ToPort p) {
            return site.targets(p.port());
        } else if (action instanceof ChainAction.Mark || action instanceof ChainAction.Hash) {
            return site.defaultTargets();
        }
        List<String> dropPort = site.targets("drop");
        return !dropPort.isEmpty() ? dropPort : site.layout().dropNode().map(List::of).orElse(List.of());
    }

    @Override
    public void check(ConfigSite site, ConfigValue value, String pointer, Problems problems) {
        List<ConfigValue> elements = ((ConfigValue.ListValue) value).elements();
        Map<FilterMatch, Integer> seen = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            String p = JsonPointer.child(pointer, i);
            ConfigValue.TupleValue t = (ConfigValue.TupleValue) elements.get(i);
            int before = problems.count();
            checkElement(site, t, p, problems);
            if (problems.count() != before) {
                continue;
            }
            Parsed parsed = parse(t);
            checkTarget(site, parsed.action(), p, problems);
            if (rejectsDuplicates()) {
                Integer other = seen.putIfAbsent(parsed.match(), i);
                if (other != null) {
                    problems.add(p, "matches the same packets (" + parsed.match() + ") as " + JsonPointer.child(pointer, other)
                            + "; an exact-match table holds each key once");
                }
            }
        }
    }

    /**
     * Checks one element about to be appended to {@code chain} (an incremental change): the
     * element's own rules, its target, and, for exact-match tables, that its key is new.
     */
    public void checkAdded(ConfigSite site, FilterChain chain, ConfigValue element, String pointer, Problems problems) {
        ConfigValue.TupleValue t = (ConfigValue.TupleValue) element;
        int before = problems.count();
        checkElement(site, t, pointer, problems);
        if (problems.count() != before) {
            return;
        }
        Parsed parsed = parse(t);
        checkTarget(site, parsed.action(), pointer, problems);
        if (rejectsDuplicates()) {
            for (int i = 0; i < chain.size(); i++) {
                if (chain.entryAt(i).match().equals(parsed.match())) {
                    problems.add(pointer, "matches the same packets (" + parsed.match() + ") as entry " + i
                            + "; an exact-match table holds each key once");
                }
            }
        }
    }

    /** An entry must lead somewhere the C-node reaches. */
    protected void checkTarget(ConfigSite site, ChainAction action, String pointer, Problems problems) {
        if (action instanceof ChainAction.ToQueue q && site.queueTarget(q.queue()).isEmpty()) {
            problems.add(JsonPointer.child(pointer, "queue"), "C-node " + site.id() + " reaches queues 0.." + (site.queueTargetCount() - 1)
                    + "; it cannot steer to queue " + q.queue());
        } else if (action instanceof ChainAction.FastPath f && site.queueTarget(f.queue()).isEmpty()) {
            problems.add(JsonPointer.child(pointer, "queue"), "C-node " + site.id() + " reaches queues 0.." + (site.queueTargetCount() - 1)
                    + "; it cannot steer to queue " + f.queue());
        } else if (action instanceof ChainAction.ToPort p && site.cnode().port(p.port()).isEmpty()) {
            problems.add(JsonPointer.child(pointer, "action"), "C-node " + site.id() + " has no '" + p.port() + "' port, so action '"
                    + p.port() + "' has nowhere to go");
        }
    }

    @Override
    public Map<String, Long> consumption(ConfigSite site, ConfigValue value) {
        return Map.of(resource(), (long) ((ConfigValue.ListValue) value).elements().size());
    }

    @Override
    public Expansion expand(ConfigSite site, Optional<ConfigValue> value) {
        List<ConfigValue> elements = value.map(v -> ((ConfigValue.ListValue) v).elements()).orElse(List.of());
        return FilterChain.of(site, this, elements);
    }

    @Override
    public String unconfigured() {
        return "no entries: every packet goes on to the C-node's default targets";
    }

    // Helpers for reading tuple fields of type-checked values.

    /** An optional integer field: empty when absent or none. */
    protected static OptionalLong optional(ConfigValue.TupleValue t, String field) {
        Optional<ConfigValue> v = t.field(field);
        if (v.isPresent() && v.get() instanceof ConfigValue.IntValue i) {
            return OptionalLong.of(i.value());
        }
        return OptionalLong.empty();
    }

    /**
     * The address part of an entry: an IPv6 match on {@code src_ip6}/{@code dst_ip6} when the entry names either (a
     * dual-stack filter's entry, docs/nic-descriptions.md "IPv6"), else an IPv4 match on {@code src_ip}/{@code dst_ip}
     * under the given prefix lengths.
     */
    protected static FilterMatch addresses(ConfigValue.TupleValue t, int srcPrefix, int dstPrefix) {
        Optional<Ipv6Address> src6 = ipv6(t, "src_ip6");
        Optional<Ipv6Address> dst6 = ipv6(t, "dst_ip6");
        if (src6.isPresent() || dst6.isPresent()) {
            FilterMatch m = FilterMatch.anyIpv6();
            if (src6.isPresent()) {
                m = m.withSrc6(src6.get());
            }
            if (dst6.isPresent()) {
                m = m.withDst6(dst6.get());
            }
            return m;
        }
        FilterMatch m = FilterMatch.anyIpv4();
        OptionalLong src = optional(t, "src_ip");
        if (src.isPresent()) {
            m = m.withSrc(src.getAsLong(), srcPrefix);
        }
        OptionalLong dst = optional(t, "dst_ip");
        if (dst.isPresent()) {
            m = m.withDst(dst.getAsLong(), dstPrefix);
        }
        return m;
    }

    /** An optional IPv6 address field: four 32-bit words, most significant first, as {@code ip6.src.w0..w3}. */
    protected static Optional<Ipv6Address> ipv6(ConfigValue.TupleValue t, String field) {
        Optional<ConfigValue> v = t.field(field);
        if (v.isPresent() && v.get() instanceof ConfigValue.ListValue l && l.elements().size() == 4) {
            long[] w = new long[4];
            for (int i = 0; i < 4; i++) {
                w[i] = ((ConfigValue.IntValue) l.elements().get(i)).value();
            }
            return Optional.of(Ipv6Address.ofWords(w[0], w[1], w[2], w[3]));
        }
        return Optional.empty();
    }

    /** Whether an entry names an address of both families (an entry matches IPv4 or IPv6 packets, not both). */
    protected static boolean mixesFamilies(ConfigValue.TupleValue t) {
        return (ipv6(t, "src_ip6").isPresent() || ipv6(t, "dst_ip6").isPresent())
                && (optional(t, "src_ip").isPresent() || optional(t, "dst_ip").isPresent());
    }

    /** An optional symbol field. */
    protected static Optional<String> symbol(ConfigValue.TupleValue t, String field) {
        Optional<ConfigValue> v = t.field(field);
        if (v.isPresent() && v.get() instanceof ConfigValue.SymbolValue s) {
            return Optional.of(s.symbol());
        }
        return Optional.empty();
    }

    /** The protocol class of a protocol symbol ({@code tcp}, {@code udp}, {@code sctp}, {@code other}). */
    protected static int protoClass(String symbol) {
        switch (symbol) {
            case "tcp":
                return 6;
            case "udp":
                return 17;
            case "sctp":
                return 132;
            default:
                return FilterMatch.PROTO_OTHER;
        }
    }

    /** The 5-tuple fields every 5-tuple-like table shares, applied to an IPv4 match. */
    protected static FilterMatch fiveTuple(ConfigValue.TupleValue t) {
        FilterMatch m = addresses(t, 32, 32);
        Optional<String> proto = symbol(t, "proto");
        if (proto.isPresent()) {
            m = m.withProto(protoClass(proto.get()));
        }
        OptionalLong sport = optional(t, "src_port");
        if (sport.isPresent()) {
            m = m.withSrcPort((int) sport.getAsLong());
        }
        OptionalLong dport = optional(t, "dst_port");
        if (dport.isPresent()) {
            m = m.withDstPort((int) dport.getAsLong());
        }
        return m;
    }
}
