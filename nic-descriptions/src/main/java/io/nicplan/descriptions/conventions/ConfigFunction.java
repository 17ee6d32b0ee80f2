package io.nicplan.descriptions.conventions;

import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigType.BoolType;
import io.nicplan.graph.config.ConfigType.EnumType;
import io.nicplan.graph.config.ConfigType.Field;
import io.nicplan.graph.config.ConfigType.IntType;
import io.nicplan.graph.config.ConfigType.ListType;
import io.nicplan.graph.config.ConfigType.OptionalType;
import io.nicplan.graph.config.ConfigType.TupleType;
import io.nicplan.graph.config.ConfigType.UIntType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration functions of docs/nic-descriptions.md: the name a C-node's {@code function}
 * gives, the exact value type it expects, the resources the type's bounds come from, and the
 * ports its C-node has.
 */
public enum ConfigFunction implements ConfigFunctionRule {
    FIVETUPLE("fivetuple", List.of(Resource.RX_QUEUES, Resource.FIVETUPLE_FILTERS), List.of("queues", "default")),
    FDIR("fdir", List.of(Resource.RX_QUEUES, Resource.FDIR_FILTERS), List.of("queues", "default")),
    ETHERTYPE("ethertype", List.of(Resource.RX_QUEUES, Resource.ETHERTYPE_FILTERS), List.of("queues", "default")),
    SYN("syn", List.of(Resource.RX_QUEUES), List.of("queues", "default")),
    RSS("rss", List.of(Resource.RSS_QUEUES, Resource.RSS_TABLE_ENTRIES), List.of("queues")),
    QUEUES("queues", List.of(Resource.RX_QUEUES), List.of()),
    CSUM_OFFLOAD("csum_offload", List.of(), List.of("out")),
    /**
     * A transmit offload (TSO, checksum insertion) the host turns on or off: its C-node names the
     * offload as its {@code implementation} (the LPG transmit node it makes redundant).
     */
    TX_OFFLOAD("tx_offload", List.of(), List.of("out")),
    MA_TABLE("ma_table", List.of(Resource.RX_QUEUES, Resource.MA_TABLE_ENTRIES),
            List.of("queues", "rss", "drop", "fastpath", "default")),
    FLEXTCP("flextcp", List.of(Resource.RX_QUEUES, Resource.FLOWSTATE_SLOTS), List.of("queues", "default")),
    /** virtio-net's {@code unclassified_queue}: the queue for packets RSS cannot hash. */
    UNCLASSIFIED_QUEUE("unclassified_queue", List.of(Resource.RX_QUEUES), List.of("queues", "default")),
    /** The LPG's endpoint placeholders. */
    ENDPOINTS("endpoints", List.of(), List.of("matched", "unmatched"));

    /** Bound of the endpoint lists: keeps the placeholder type finite, above any real protocol state. */
    public static final int MAX_ENDPOINTS = 1 << 20;

    /** Length of a Toeplitz RSS key in bytes, where a description declares no {@code rss_key_bytes}. */
    public static final int RSS_KEY_BYTES = 40;

    private static final ConfigType IPV4 = new UIntType(32);
    /** An IPv6 address: four 32-bit words, most significant first, as the predicates' ip6.src/dst.w0..w3. */
    private static final ConfigType IPV6 = new ListType(new UIntType(32), 4, 4);
    private static final ConfigType PORT = new UIntType(16);
    private static final ConfigType PROTO = new EnumType(List.of("tcp", "udp", "sctp", "other"));

    private final String functionName;
    private final List<String> resources;
    private final List<String> ports;

    ConfigFunction(String functionName, List<String> resources, List<String> ports) {
        this.functionName = functionName;
        this.resources = resources;
        this.ports = ports;
    }

    @Override
    public String functionName() {
        return functionName;
    }

    @Override
    public List<String> resources() {
        return resources;
    }

    @Override
    public List<String> ports() {
        return ports;
    }

    @Override
    public boolean hasQueuePort() {
        return ports.contains("queues");
    }

    @Override
    public String queuePortResource() {
        return this == RSS ? Resource.RSS_QUEUES : Resource.RX_QUEUES;
    }

    public static Optional<ConfigFunction> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.functionName.equals(name)).findFirst();
    }

    @Override
    public Optional<ConfigType> expectedType(Map<String, Resource> declared) {
        for (String r : resources) {
            Resource res = declared.get(r);
            boolean countsQueues = r.equals(Resource.RX_QUEUES) || r.equals(Resource.RSS_QUEUES);
            if (res == null || res.capacity() > Integer.MAX_VALUE || countsQueues && res.capacity() < 1) {
                return Optional.empty();
            }
        }
        return Optional.of(build(declared));
    }

    /**
     * {@code fivetuple} without {@code priority}: a table whose hardware fixes the precedence, a full match (all five
     * fields) before a wildcard one (the SFC9020, sfc farch.c {@code efx_farch_filter_type_match_pri}).
     */
    @Override
    public Optional<ConfigType> alternativeType(Map<String, Resource> declared) {
        if (this == RSS) {
            // A NIC whose RSS hashes IPv4 only declares the four IPv4 names.
            return expectedType(declared).map(t -> withHashes((TupleType) t, RSS_HASHES.subList(0, 4)));
        }
        if (this == FDIR) {
            // A flow director whose filters take IPv6 too (the X710's, docs/nic-descriptions.md "IPv6"): an entry
            // names both addresses of one family, so each address field is optional.
            return withIpv6Addresses(declared, "dst_ip", f -> f.name().endsWith("_ip") ? field(f.name(), opt(f.type())) : f);
        }
        if (this == MA_TABLE) {
            // Match-action stages that match IPv6 addresses too (FlexNIC's: its parser extracts them).
            return withIpv6Addresses(declared, "dst_prefix", f -> f);
        }
        if (this != FIVETUPLE) {
            return Optional.empty();
        }
        return expectedType(declared).map(t -> {
            ListType list = (ListType) t;
            TupleType tuple = (TupleType) list.element();
            return new ListType(new TupleType(tuple.fields().stream().filter(f -> !f.name().equals("priority")).toList()),
                    list.min(), list.max());
        });
    }

    /** The expected entry list with {@code src_ip6}/{@code dst_ip6} after the field {@code after}, each field mapped. */
    private Optional<ConfigType> withIpv6Addresses(Map<String, Resource> declared, String after,
                                                   java.util.function.UnaryOperator<Field> map) {
        return expectedType(declared).map(t -> {
            ListType list = (ListType) t;
            List<Field> fields = new java.util.ArrayList<>();
            for (Field f : ((TupleType) list.element()).fields()) {
                fields.add(map.apply(f));
                if (f.name().equals(after)) {
                    fields.add(field("src_ip6", opt(IPV6)));
                    fields.add(field("dst_ip6", opt(IPV6)));
                }
            }
            return new ListType(new TupleType(fields), list.min(), list.max());
        });
    }

    /**
     * The RSS hash names (io.nicplan.net.RssHashType's symbols), IPv4 only first: a description declares the
     * twelve, or the first four when its NIC hashes IPv4 only ({@link #alternativeType}), or the twelve and the
     * {@link #RSS_EX_HASHES} when its NIC also hashes IPv6 over the extension headers' addresses.
     */
    /** What a match-action entry may DMA into its queue: the parsed request header and the 5-tuple's addresses and ports. */
    public static final List<String> DMA_FIELDS = List.of("kv_magic", "kv_opcode", "kv_key_len", "kv_key_hash",
            "ip_src", "ip_dst", "l4_sport", "l4_dport");
    /** A queue's highest rate limit, Mbit/s: 400 Gbit/s, above any FlexNIC port. */
    public static final int MAX_RATE_MBPS = 400_000;
    /** A rate limit's largest burst, bytes (16 MiB). */
    public static final int MAX_RATE_BURST = 16 << 20;

    private static final List<String> RSS_HASHES = List.of("ipv4", "ipv4_tcp", "ipv4_udp", "ipv4_l4",
            "ipv6", "ipv6_tcp", "ipv6_udp", "ipv6_l4", "ip", "ip_tcp", "ip_udp", "ip_l4");

    /**
     * The {@code _ex} hash names: IPv6 over the Home Address option's and the type-2 routing header's addresses
     * (82599 MRQC IPV6_EX/IPV6_EX_TCP/IPV6_EX_UDP; virtio 1.2 5.1.6.4.3 IP_EX/TCP_EX/UDP_EX).
     */
    private static final List<String> RSS_EX_HASHES = List.of("ipv6_ex", "ipv6_tcp_ex", "ipv6_udp_ex", "ipv6_l4_ex",
            "ip_ex", "ip_tcp_ex", "ip_udp_ex", "ip_l4_ex");

    @Override
    public List<ConfigType> alternativeTypes(Map<String, Resource> declared) {
        if (this != RSS) {
            return ConfigFunctionRule.super.alternativeTypes(declared);
        }
        List<String> withEx = new java.util.ArrayList<>(RSS_HASHES);
        withEx.addAll(RSS_EX_HASHES);
        List<ConfigType> out = new java.util.ArrayList<>(ConfigFunctionRule.super.alternativeTypes(declared));
        expectedType(declared).ifPresent(t -> out.add(withHashes((TupleType) t, withEx)));
        return out;
    }

    private static TupleType withHashes(TupleType rss, List<String> hashes) {
        return new TupleType(rss.fields().stream().map(f -> f.name().equals("hash") ? new Field("hash", new EnumType(hashes)) : f)
                .toList());
    }

    private ConfigType build(Map<String, Resource> r) {
        return switch (this) {
            case FIVETUPLE -> list(tuple(
                    field("proto", opt(PROTO)), field("src_ip", opt(IPV4)), field("dst_ip", opt(IPV4)),
                    field("src_port", opt(PORT)), field("dst_port", opt(PORT)),
                    field("priority", new IntType(1, 7)), field("queue", queue(r))),
                    0, cap(r, Resource.FIVETUPLE_FILTERS));
            case FDIR -> list(tuple(
                    field("proto", PROTO), field("src_ip", IPV4), field("dst_ip", IPV4),
                    field("src_port", PORT), field("dst_port", PORT), field("queue", queue(r))),
                    0, cap(r, Resource.FDIR_FILTERS));
            case ETHERTYPE -> list(tuple(field("eth_type", new UIntType(16)), field("queue", queue(r))),
                    0, cap(r, Resource.ETHERTYPE_FILTERS));
            case SYN, UNCLASSIFIED_QUEUE -> opt(queue(r));
            case RSS -> tuple(
                    field("hash", new EnumType(RSS_HASHES)),
                    field("key", opt(list(new UIntType(8), keyBytes(r), keyBytes(r)))),
                    field("table", list(new IntType(0, cap(r, Resource.RSS_QUEUES) - 1L),
                            cap(r, Resource.RSS_TABLE_ENTRIES), cap(r, Resource.RSS_TABLE_ENTRIES))));
            case QUEUES -> list(queue(r), 1, cap(r, Resource.RX_QUEUES));
            case CSUM_OFFLOAD, TX_OFFLOAD -> new BoolType();
            case MA_TABLE -> list(tuple(
                    field("priority", new IntType(0, 65535)), field("proto", opt(PROTO)),
                    field("src_ip", opt(IPV4)), field("src_prefix", opt(new IntType(0, 32))),
                    field("dst_ip", opt(IPV4)), field("dst_prefix", opt(new IntType(0, 32))),
                    field("src_port", opt(PORT)), field("dst_port", opt(PORT)),
                    field("action", new EnumType(List.of("queue", "rss", "drop", "fastpath", "mark", "hash"))),
                    field("queue", opt(queue(r))), field("mark", opt(new UIntType(32))),
                    // The key-value program (FlexNIC, ASPLOS 2016): the parsed request header and the
                    // metadata earlier stages wrote, matched; the hash action's bucket count.
                    field("kv_magic", opt(new UIntType(8))), field("kv_opcode", opt(new UIntType(8))),
                    field("meta_mark", opt(new UIntType(32))), field("meta_mark_mask", opt(new UIntType(32))),
                    field("meta_hash", opt(new UIntType(32))), field("hash_buckets", opt(new IntType(1, 65536))),
                    // Delivery into the application queue (ASPLOS 2016 section 3): the fields (and payload) DMAed
                    // instead of the frame, and the queue's rate limit.
                    field("dma", opt(list(new EnumType(DMA_FIELDS), 1, DMA_FIELDS.size()))), field("dma_payload", opt(new BoolType())),
                    field("rate_mbps", opt(new IntType(1, MAX_RATE_MBPS))), field("rate_burst", opt(new IntType(64, MAX_RATE_BURST)))),
                    0, cap(r, Resource.MA_TABLE_ENTRIES));
            case FLEXTCP -> list(tuple(
                    field("src_ip", IPV4), field("dst_ip", IPV4), field("src_port", PORT), field("dst_port", PORT),
                    field("queue", queue(r))),
                    0, cap(r, Resource.FLOWSTATE_SLOTS));
            case ENDPOINTS -> list(tuple(
                    field("local_ip", opt(IPV4)), field("local_port", PORT),
                    field("remote_ip", opt(IPV4)), field("remote_port", opt(PORT))),
                    0, MAX_ENDPOINTS);
        };
    }

    private static ConfigType queue(Map<String, Resource> r) {
        return new IntType(0, cap(r, Resource.RX_QUEUES) - 1L);
    }

    /** The key register's bytes: {@code rss_key_bytes} where the description declares it (the X710's 52), else 40. */
    private static int keyBytes(Map<String, Resource> r) {
        return r.containsKey(Resource.RSS_KEY_BYTES) ? cap(r, Resource.RSS_KEY_BYTES) : RSS_KEY_BYTES;
    }

    private static int cap(Map<String, Resource> r, String name) {
        return (int) r.get(name).capacity();
    }

    private static Field field(String name, ConfigType type) {
        return new Field(name, type);
    }

    private static ConfigType opt(ConfigType t) {
        return new OptionalType(t);
    }

    private static ConfigType list(ConfigType element, int min, int max) {
        return new ListType(element, min, max);
    }

    private static ConfigType tuple(Field... fields) {
        return new TupleType(List.of(fields));
    }

    @Override
    public String toString() {
        return functionName;
    }
}
