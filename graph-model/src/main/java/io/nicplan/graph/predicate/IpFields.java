package io.nicplan.graph.predicate;

import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;

/**
 * Source and destination addresses of either family as header fields: the one place that says an IPv4
 * address is {@code ip.src}/{@code ip.dst} and an IPv6 address the words of {@code ip6.src}/{@code ip6.dst}
 * ({@link Ipv6Field}). An IPv6 match also requires {@code ip.version == 6}, since an IPv4 packet's
 * IPv6 words read as {@code ::}; an IPv4 match needs nothing more, since an IPv6 packet's {@code ip.src}
 * and {@code ip.dst} read as 0, which no IPv4 source or destination a state names can be.
 */
public final class IpFields {
    private IpFields() {
    }

    /** The packets from {@code address}. */
    public static Predicate src(IpAddress address) {
        return match(address, HeaderField.IP_SRC, Ipv6Field.SRC);
    }

    /** The packets to {@code address}. */
    public static Predicate dst(IpAddress address) {
        return match(address, HeaderField.IP_DST, Ipv6Field.DST);
    }

    /** Sets the source address (and nothing else) in a packet array indexed by {@link HeaderField#ordinal()}. */
    public static void setSrc(long[] packet, IpAddress address) {
        set(packet, address, HeaderField.IP_SRC, Ipv6Field.SRC);
    }

    /** Sets the destination address (and nothing else) in a packet array indexed by {@link HeaderField#ordinal()}. */
    public static void setDst(long[] packet, IpAddress address) {
        set(packet, address, HeaderField.IP_DST, Ipv6Field.DST);
    }

    private static Predicate match(IpAddress address, HeaderField v4, Ipv6Field v6) {
        if (address instanceof Ipv4Address a) {
            return Predicate.eq(v4, a.value());
        }
        return Predicate.and(Predicate.eq(HeaderField.IP_VERSION, 6), v6.eq((Ipv6Address) address));
    }

    private static void set(long[] packet, IpAddress address, HeaderField v4, Ipv6Field v6) {
        if (address instanceof Ipv4Address a) {
            packet[v4.ordinal()] = a.value();
        } else {
            v6.set(packet, (Ipv6Address) address);
        }
    }
}
