package io.nicplan.embed.classify;

import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.NetInterface;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.graph.predicate.IpFields;
import io.nicplan.net.IpAddress;
import io.nicplan.net.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packets of a flow, as classification sees them: well-formed IPv4 data packets (correct CRC
 * and checksums, IHL 5, TTL 64, no fragments) or IPv6 ones (hop limit 64, no extension headers) to
 * the host, with the flow's 5-tuple.
 *
 * <p>Fields the flow does not give follow from the state: {@code ip.local} is whether the
 * destination is a local address, {@code eth.dst} the MAC of the interface holding it. A TCP
 * flow's packets are established-connection segments ({@code tcp.flags} = ACK), not SYNs.
 * {@code rss.bucket} and {@code meta.mark} start at 0; the NIC's RSS and mark nodes set them.
 */
public final class FlowPackets {
    /** Field count of a packet array. */
    public static final int FIELDS = HeaderField.values().length;
    /** The source MAC of received packets: a locally administered unicast address (any would do). */
    public static final long PEER_MAC = 0x02_00_00_00_00_FEL;
    private static final long ACK = 0x10;
    private static final int TTL = 64;
    private static final long ETH_IPV4 = 0x0800;
    private static final long ETH_IPV6 = 0x86DD;

    private final ProtocolState state;
    private final List<NetInterface> interfaces;
    /** MAC of the interface holding each local address. */
    private final Map<IpAddress, Long> macByAddress = new HashMap<>();
    /** The fields every packet shares; {@link #packet} copies it and fills in the flow. */
    private final long[] template = new long[FIELDS];
    /** The same for IPv6 packets. */
    private final long[] template6;

    public FlowPackets(ProtocolState state) {
        this.state = state;
        this.interfaces = state.interfaces();
        for (NetInterface i : interfaces) {
            for (IpAddress a : i.allAddresses()) {
                macByAddress.putIfAbsent(a, i.mac().value());
            }
        }
        template[HeaderField.ETH_DST.ordinal()] = onlyMac().map(MacAddress::value).orElse(0L);
        template[HeaderField.ETH_SRC.ordinal()] = PEER_MAC;
        template[HeaderField.ETH_TYPE.ordinal()] = ETH_IPV4;
        template[HeaderField.ETH_FCS_OK.ordinal()] = 1;
        template[HeaderField.IP_VERSION.ordinal()] = 4;
        template[HeaderField.IP_IHL.ordinal()] = 5;
        template[HeaderField.IP_TTL.ordinal()] = TTL;
        template[HeaderField.IP_CSUM_OK.ordinal()] = 1;
        template[HeaderField.IP_LEN_OK.ordinal()] = 1;
        template[HeaderField.L4_CSUM_OK.ordinal()] = 1;
        // IPv6 (RFC 8200): no header length and no header checksum (nothing to fail: ip.csum_ok = 1, as a
        // NIC's parser reports it), the hop limit in ip.ttl, no extension headers.
        template6 = template.clone();
        template6[HeaderField.ETH_TYPE.ordinal()] = ETH_IPV6;
        template6[HeaderField.IP_VERSION.ordinal()] = 6;
        template6[HeaderField.IP_IHL.ordinal()] = 0;
    }

    /** Whether the flow's packets are IPv6 (either of its addresses is). */
    public static boolean isIpv6(Flow flow) {
        return flow.src().version() == 6 || flow.dst().version() == 6;
    }

    /** The header fields of a packet of a concrete flow (wildcards read as 0). */
    public long[] packet(Flow flow) {
        long[] p = (isIpv6(flow) ? template6 : template).clone();
        Optional<IpAddress> dst = flow.dst().address();
        if (dst.isPresent()) {
            Long mac = macByAddress.get(dst.get());
            if (mac != null) {
                p[HeaderField.ETH_DST.ordinal()] = mac;
                p[HeaderField.IP_LOCAL.ordinal()] = 1;
            }
            IpFields.setDst(p, dst.get());
        }
        flow.src().address().ifPresent(a -> IpFields.setSrc(p, a));
        p[HeaderField.IP_PROTO.ordinal()] = flow.proto().ipProto();
        p[HeaderField.L4_SPORT.ordinal()] = flow.src().port().orElse(0);
        p[HeaderField.L4_DPORT.ordinal()] = flow.dst().port().orElse(0);
        p[HeaderField.TCP_FLAGS.ordinal()] = flow.proto() == Protocol.TCP ? ACK : 0;
        flow.key().ifPresent(k -> {
            for (Map.Entry<HeaderField, Long> e : kvFields(k).entrySet()) {
                p[e.getKey().ordinal()] = e.getValue();
            }
        });
        return p;
    }

    /**
     * The application-header fields of a memcached binary-protocol GET of {@code key}, as FlexNIC's
     * parser reads them (docs/flexnic.md, "Application header"): magic 0x80, opcode 0, the key's
     * length and the CRC32C of its bytes.
     */
    public static Map<HeaderField, Long> kvFields(String key) {
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length);
        Map<HeaderField, Long> fields = new java.util.EnumMap<>(HeaderField.class);
        fields.put(HeaderField.KV_MAGIC, 0x80L);
        fields.put(HeaderField.KV_OPCODE, 0L);
        fields.put(HeaderField.KV_KEY_LEN, (long) bytes.length);
        fields.put(HeaderField.KV_KEY_HASH, crc.getValue());
        return fields;
    }

    /**
     * The set of packets of a flow, wildcards left free. {@code rss.bucket} and {@code meta.mark}
     * are left free too: the graph computes them. A flow is of one family: IPv6 when either address
     * is, else IPv4 (a flow with both addresses wildcard is IPv4, as before IPv6 was modelled).
     */
    public Predicate predicate(Flow flow) {
        boolean ipv6 = isIpv6(flow);
        List<Predicate> terms = new ArrayList<>();
        Optional<IpAddress> dst = flow.dst().address();
        Optional<MacAddress> mac = dst.isPresent() ? macOf(dst.get()).or(this::onlyMac) : onlyMac();
        mac.ifPresent(m -> terms.add(Predicate.eq(HeaderField.ETH_DST, m.value())));
        terms.add(Predicate.eq(HeaderField.ETH_SRC, PEER_MAC));
        terms.add(Predicate.eq(HeaderField.ETH_TYPE, ipv6 ? ETH_IPV6 : ETH_IPV4));
        terms.add(Predicate.eq(HeaderField.ETH_MCAST, 0));
        terms.add(Predicate.eq(HeaderField.ETH_FCS_OK, 1));
        terms.add(Predicate.eq(HeaderField.VLAN_ID, 0));
        terms.add(Predicate.eq(HeaderField.IP_VERSION, ipv6 ? 6 : 4));
        terms.add(Predicate.eq(HeaderField.IP_IHL, ipv6 ? 0 : 5));
        terms.add(Predicate.eq(HeaderField.IP_DSCP, 0));
        terms.add(Predicate.eq(HeaderField.IP_TTL, TTL));
        terms.add(Predicate.eq(HeaderField.IP_PROTO, flow.proto().ipProto()));
        if (ipv6) {
            // The IPv4 address fields of an IPv6 packet read 0 (a parser sets only one family's), so
            // no IPv4 filter on an address can match it.
            terms.add(Predicate.eq(HeaderField.IP6_EXT, 0));
            terms.add(Predicate.eq(HeaderField.IP_SRC, 0));
            terms.add(Predicate.eq(HeaderField.IP_DST, 0));
        }
        flow.src().address().ifPresent(a -> terms.add(IpFields.src(a)));
        dst.ifPresent(a -> terms.add(IpFields.dst(a)));
        terms.add(Predicate.eq(HeaderField.IP_CSUM_OK, 1));
        terms.add(Predicate.eq(HeaderField.IP_LEN_OK, 1));
        if (dst.isPresent()) {
            terms.add(Predicate.eq(HeaderField.IP_LOCAL, state.isLocal(dst.get()) ? 1 : 0));
        }
        flow.src().port().ifPresent(p -> terms.add(Predicate.eq(HeaderField.L4_SPORT, p)));
        flow.dst().port().ifPresent(p -> terms.add(Predicate.eq(HeaderField.L4_DPORT, p)));
        terms.add(Predicate.eq(HeaderField.L4_CSUM_OK, 1));
        terms.add(Predicate.eq(HeaderField.TCP_FLAGS, flow.proto() == Protocol.TCP ? ACK : 0));
        flow.key().ifPresent(k -> kvFields(k).forEach((field, value) -> terms.add(Predicate.eq(field, value))));
        return Predicate.and(terms);
    }

    private Optional<MacAddress> macOf(IpAddress a) {
        return interfaces.stream().filter(i -> i.holds(a)).map(NetInterface::mac).findFirst();
    }

    private Optional<MacAddress> onlyMac() {
        return interfaces.size() == 1 ? Optional.of(interfaces.get(0).mac()) : Optional.empty();
    }
}
