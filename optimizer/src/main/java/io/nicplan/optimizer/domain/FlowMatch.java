package io.nicplan.optimizer.domain;

import io.nicplan.net.Ipv6Address;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The packets of a flow: a 5-tuple in which every field may be a wildcard (absent).
 *
 * <p>A match is IPv6 when it names an IPv6 address ({@link #ipv6()}: {@code srcIp6} or {@code dstIp6}); its IPv4
 * fields are then absent. Every other match is IPv4, as the steering form's entries are (a filter with wildcard
 * addresses still matches IPv4 packets only, {@code io.nicplan.embed.steering.FilterMatch}), so an IPv4 match and
 * an IPv6 one never share a packet.
 *
 * @param proto L4 protocol
 * @param srcIp IPv4 source address as an unsigned 32-bit value
 * @param dstIp IPv4 destination address
 * @param srcPort L4 source port
 * @param dstPort L4 destination port
 * @param srcIp6 IPv6 source address (an IPv6 flow)
 * @param dstIp6 IPv6 destination address (an IPv6 flow)
 */
public record FlowMatch(Optional<Proto> proto, OptionalLong srcIp, OptionalLong dstIp,
                        OptionalInt srcPort, OptionalInt dstPort,
                        Optional<Ipv6Address> srcIp6, Optional<Ipv6Address> dstIp6) {

    /** An IPv4 match (or one with both addresses wildcards). */
    public FlowMatch(Optional<Proto> proto, OptionalLong srcIp, OptionalLong dstIp, OptionalInt srcPort, OptionalInt dstPort) {
        this(proto, srcIp, dstIp, srcPort, dstPort, Optional.empty(), Optional.empty());
    }

    public FlowMatch {
        if ((srcIp6.isPresent() || dstIp6.isPresent()) && (srcIp.isPresent() || dstIp.isPresent())) {
            throw new IllegalArgumentException("a match holds IPv4 or IPv6 addresses, not both");
        }
        srcIp.ifPresent(v -> checkRange("srcIp", v, 0xFFFF_FFFFL));
        dstIp.ifPresent(v -> checkRange("dstIp", v, 0xFFFF_FFFFL));
        srcPort.ifPresent(v -> checkRange("srcPort", v, 0xFFFF));
        dstPort.ifPresent(v -> checkRange("dstPort", v, 0xFFFF));
    }

    /** A fully specified flow. */
    public static FlowMatch exact(Proto proto, long srcIp, long dstIp, int srcPort, int dstPort) {
        return new FlowMatch(Optional.of(proto), OptionalLong.of(srcIp), OptionalLong.of(dstIp),
                OptionalInt.of(srcPort), OptionalInt.of(dstPort));
    }

    /** An exact IPv6 flow. */
    public static FlowMatch exactIpv6(Proto proto, Ipv6Address srcIp, Ipv6Address dstIp, int srcPort, int dstPort) {
        return new FlowMatch(Optional.of(proto), OptionalLong.empty(), OptionalLong.empty(),
                OptionalInt.of(srcPort), OptionalInt.of(dstPort), Optional.of(srcIp), Optional.of(dstIp));
    }

    /** Whether the match is of IPv6 packets: it names an IPv6 address. */
    public boolean ipv6() {
        return srcIp6.isPresent() || dstIp6.isPresent();
    }

    /** Whether the source address is given (IPv4 or IPv6). */
    public boolean hasSrcAddress() {
        return srcIp.isPresent() || srcIp6.isPresent();
    }

    /** Whether the destination address is given (IPv4 or IPv6). */
    public boolean hasDstAddress() {
        return dstIp.isPresent() || dstIp6.isPresent();
    }

    /**
     * Whether every field is given (no wildcard), as a flow-director filter requires. An IPv6 match can be exact
     * too; whether a filter can hold it at all is the NIC's ({@code nic.NicModel#canHold}).
     */
    public boolean isExact() {
        return proto.isPresent() && hasSrcAddress() && hasDstAddress() && srcPort.isPresent() && dstPort.isPresent();
    }

    /** Number of given fields, 0..5; more specific matches win ties between filters. */
    public int specifiedFields() {
        return (proto.isPresent() ? 1 : 0) + (hasSrcAddress() ? 1 : 0) + (hasDstAddress() ? 1 : 0)
                + (srcPort.isPresent() ? 1 : 0) + (dstPort.isPresent() ? 1 : 0);
    }

    /** Whether some packet matches both this and {@code other}; never when one is IPv4 and the other IPv6. */
    public boolean intersects(FlowMatch other) {
        return ipv6() == other.ipv6()
                && compatible(proto, other.proto) && compatible(srcIp, other.srcIp) && compatible(dstIp, other.dstIp)
                && compatible(srcIp6, other.srcIp6) && compatible(dstIp6, other.dstIp6)
                && compatible(srcPort, other.srcPort) && compatible(dstPort, other.dstPort);
    }

    /** Whether every packet of this match also matches {@code other}. */
    public boolean within(FlowMatch other) {
        return ipv6() == other.ipv6()
                && covers(other.proto, proto) && covers(other.srcIp, srcIp) && covers(other.dstIp, dstIp)
                && covers(other.srcIp6, srcIp6) && covers(other.dstIp6, dstIp6)
                && covers(other.srcPort, srcPort) && covers(other.dstPort, dstPort);
    }

    private static <T> boolean compatible(Optional<T> a, Optional<T> b) {
        return a.isEmpty() || b.isEmpty() || a.get().equals(b.get());
    }

    private static boolean compatible(OptionalLong a, OptionalLong b) {
        return a.isEmpty() || b.isEmpty() || a.getAsLong() == b.getAsLong();
    }

    private static boolean compatible(OptionalInt a, OptionalInt b) {
        return a.isEmpty() || b.isEmpty() || a.getAsInt() == b.getAsInt();
    }

    private static <T> boolean covers(Optional<T> outer, Optional<T> inner) {
        return outer.isEmpty() || inner.equals(outer);
    }

    private static boolean covers(OptionalLong outer, OptionalLong inner) {
        return outer.isEmpty() || inner.equals(outer);
    }

    private static boolean covers(OptionalInt outer, OptionalInt inner) {
        return outer.isEmpty() || inner.equals(outer);
    }

    private static void checkRange(String field, long v, long max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(field + " " + v + " is outside 0.." + max);
        }
    }

    /** Dotted-quad form of an IPv4 address held as an unsigned 32-bit value. */
    public static String ipv4(long address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    @Override
    public String toString() {
        return proto.map(Proto::jsonName).orElse("*") + " "
                + address(srcIp, srcIp6) + ":" + (srcPort.isPresent() ? srcPort.getAsInt() : "*")
                + " -> "
                + address(dstIp, dstIp6) + ":" + (dstPort.isPresent() ? dstPort.getAsInt() : "*");
    }

    /** An address as the protocol state writes it: dotted quad, {@code [ipv6]} (brackets, as in URLs) or {@code *}. */
    private String address(OptionalLong v4, Optional<Ipv6Address> v6) {
        if (v4.isPresent()) {
            return ipv4(v4.getAsLong());
        }
        if (v6.isPresent()) {
            return "[" + v6.get() + "]";
        }
        return ipv6() ? "[*]" : "*";
    }
}
