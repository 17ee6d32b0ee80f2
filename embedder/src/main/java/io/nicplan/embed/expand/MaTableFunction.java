package io.nicplan.embed.expand;

import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.QueueDelivery;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code ma_table}: one FlexNIC match-action stage. Entries match a protocol, address prefixes and
 * ports, higher priority first (as P4Runtime ternary tables: higher number wins), and either steer
 * to a queue, hand to the stage's {@code rss} or {@code fastpath} port, drop, or set
 * {@code meta.mark} or {@code meta.hash} ({@code kv.key_hash mod hash_buckets}) and continue with
 * the stage's {@code default} targets. Besides the 5-tuple an entry may match the parsed
 * memcached request header ({@code kv_magic}, {@code kv_opcode}) and earlier stages' metadata
 * ({@code meta_mark} under {@code meta_mark_mask}, {@code meta_hash}). An entry's addresses are IPv4
 * ({@code src_ip}, {@code dst_ip}, with prefixes) or IPv6 ({@code src_ip6}, {@code dst_ip6}, whole
 * addresses on {@code ip6.src/dst.w0..w3}).
 */
public final class MaTableFunction extends ChainFunction {
    @Override
    public String name() {
        return "ma_table";
    }

    @Override
    protected String resource() {
        return Resource.MA_TABLE_ENTRIES;
    }

    @Override
    public boolean hasPriorities() {
        return true;
    }

    @Override
    protected void checkElement(ConfigSite site, ConfigValue.TupleValue t, String pointer, Problems problems) {
        String action = symbol(t, "action").orElse("");
        if (action.equals("queue") && optional(t, "queue").isEmpty()) {
            problems.add(JsonPointer.child(pointer, "queue"), "action 'queue' needs a queue");
        }
        if (action.equals("mark") && optional(t, "mark").isEmpty()) {
            problems.add(JsonPointer.child(pointer, "mark"), "action 'mark' needs a mark value");
        }
        if (action.equals("hash") && optional(t, "hash_buckets").isEmpty()) {
            problems.add(JsonPointer.child(pointer, "hash_buckets"), "action 'hash' needs hash_buckets (meta.hash = kv.key_hash mod hash_buckets)");
        }
        OptionalLong markValue = optional(t, "meta_mark");
        OptionalLong markMask = optional(t, "meta_mark_mask");
        if (markMask.isPresent() && markValue.isEmpty()) {
            problems.add(JsonPointer.child(pointer, "meta_mark_mask"), "a mark mask needs meta_mark");
        } else if (markMask.isPresent() && markMask.getAsLong() == 0) {
            problems.add(JsonPointer.child(pointer, "meta_mark_mask"), "mask 0 matches every mark; leave meta_mark out instead");
        } else if (markValue.isPresent() && (markValue.getAsLong() & ~markMask.orElse(0xFFFF_FFFFL)) != 0) {
            problems.add(JsonPointer.child(pointer, "meta_mark"), "mark has bits set outside meta_mark_mask");
        }
        boolean dma = t.field("dma").filter(v -> v instanceof ConfigValue.ListValue).isPresent()
                || t.field("dma_payload").filter(v -> v instanceof ConfigValue.BoolValue b && b.value()).isPresent();
        if (dma && !action.equals("queue")) {
            problems.add(JsonPointer.child(pointer, "dma"), "dma delivers into the entry's queue; it needs action 'queue'");
        }
        boolean rate = optional(t, "rate_mbps").isPresent();
        if (rate && !action.equals("queue")) {
            problems.add(JsonPointer.child(pointer, "rate_mbps"), "a rate limits the entry's queue; it needs action 'queue'");
        }
        if (rate != optional(t, "rate_burst").isPresent()) {
            problems.add(JsonPointer.child(pointer, rate ? "rate_burst" : "rate_mbps"), "rate_mbps and rate_burst go together");
        }
        checkPrefix(t, "src", pointer, problems);
        checkPrefix(t, "dst", pointer, problems);
        if (mixesFamilies(t)) {
            problems.add(pointer, "an entry matches IPv4 (src_ip, dst_ip) or IPv6 (src_ip6, dst_ip6) addresses, not both");
        } else if ((ipv6(t, "src_ip6").isPresent() || ipv6(t, "dst_ip6").isPresent())
                && (optional(t, "src_prefix").isPresent() || optional(t, "dst_prefix").isPresent())) {
            problems.add(pointer, "src_prefix and dst_prefix are IPv4 prefix lengths; an IPv6 address is matched whole");
        }
    }

    /** P4Runtime's LPM rule: a prefix needs an address, and the address has no bits beyond the prefix. */
    private static void checkPrefix(ConfigValue.TupleValue t, String side, String pointer, Problems problems) {
        OptionalLong ip = optional(t, side + "_ip");
        OptionalLong prefix = optional(t, side + "_prefix");
        if (prefix.isPresent() && ip.isEmpty()) {
            problems.add(JsonPointer.child(pointer, side + "_prefix"), "a prefix length needs " + side + "_ip");
        } else if (ip.isPresent() && prefix.isPresent()) {
            long mask = FilterMatch.prefixMask((int) prefix.getAsLong());
            if ((ip.getAsLong() & ~mask) != 0) {
                problems.add(JsonPointer.child(pointer, side + "_ip"), "address has bits set beyond its /" + prefix.getAsLong() + " prefix");
            }
        }
    }

    @Override
    protected Parsed parse(ConfigValue.TupleValue t) {
        FilterMatch m = addresses(t, (int) optional(t, "src_prefix").orElse(32), (int) optional(t, "dst_prefix").orElse(32));
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
        OptionalLong magic = optional(t, "kv_magic");
        if (magic.isPresent()) {
            m = m.withTerm(HeaderField.KV_MAGIC, magic.getAsLong(), HeaderField.KV_MAGIC.fullMask());
        }
        OptionalLong opcode = optional(t, "kv_opcode");
        if (opcode.isPresent()) {
            m = m.withTerm(HeaderField.KV_OPCODE, opcode.getAsLong(), HeaderField.KV_OPCODE.fullMask());
        }
        OptionalLong mark = optional(t, "meta_mark");
        if (mark.isPresent()) {
            m = m.withTerm(HeaderField.META_MARK, mark.getAsLong(), optional(t, "meta_mark_mask").orElse(HeaderField.META_MARK.fullMask()));
        }
        OptionalLong hash = optional(t, "meta_hash");
        if (hash.isPresent()) {
            m = m.withTerm(HeaderField.META_HASH, hash.getAsLong(), HeaderField.META_HASH.fullMask());
        }
        return new Parsed((int) t.intField("priority"), m, action(t));
    }

    /** The entry's {@code dma}, {@code dma_payload}, {@code rate_mbps} and {@code rate_burst}. */
    private static QueueDelivery delivery(ConfigValue.TupleValue t) {
        List<HeaderField> fields = new ArrayList<>();
        t.field("dma").filter(v -> v instanceof ConfigValue.ListValue).ifPresent(v -> ((ConfigValue.ListValue) v).elements()
                .forEach(e -> fields.add(DMA_FIELDS.get(((ConfigValue.SymbolValue) e).symbol()))));
        boolean payload = t.field("dma_payload").filter(v -> v instanceof ConfigValue.BoolValue)
                .map(v -> ((ConfigValue.BoolValue) v).value()).orElse(false);
        OptionalLong mbps = optional(t, "rate_mbps");
        long burst = mbps.isPresent() ? optional(t, "rate_burst").orElse(0) : 0;
        return new QueueDelivery(fields, payload, mbps.orElse(0) * 1_000_000L, burst);
    }

    /** The description's {@code dma} symbols (docs/nic-descriptions.md's ConfigFunction.DMA_FIELDS) as header fields. */
    private static final Map<String, HeaderField> DMA_FIELDS = Map.of(
            "kv_magic", HeaderField.KV_MAGIC, "kv_opcode", HeaderField.KV_OPCODE, "kv_key_len", HeaderField.KV_KEY_LEN,
            "kv_key_hash", HeaderField.KV_KEY_HASH, "ip_src", HeaderField.IP_SRC, "ip_dst", HeaderField.IP_DST,
            "l4_sport", HeaderField.L4_SPORT, "l4_dport", HeaderField.L4_DPORT);

    private static ChainAction action(ConfigValue.TupleValue t) {
        switch (symbol(t, "action").orElse("drop")) {
            case "queue":
                return new ChainAction.ToQueue((int) optional(t, "queue").orElse(0), delivery(t));
            case "rss":
                return new ChainAction.ToPort("rss");
            case "fastpath":
                return new ChainAction.ToPort("fastpath");
            case "mark":
                return new ChainAction.Mark(optional(t, "mark").orElse(0));
            case "hash":
                return new ChainAction.Hash((int) optional(t, "hash_buckets").orElse(1));
            default:
                return new ChainAction.Drop();
        }
    }
}
