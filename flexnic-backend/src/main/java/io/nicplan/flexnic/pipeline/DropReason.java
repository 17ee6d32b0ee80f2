package io.nicplan.flexnic.pipeline;

import java.util.Locale;

/** Why the NIC dropped a frame; every drop is counted under exactly one reason. */
public enum DropReason {
    /** Shorter than a header it claims to carry (Ethernet, VLAN, IPv4, TCP, UDP, ICMP, ARP). */
    TRUNCATED,
    /** Longer than the configured maximum frame length. */
    OVERSIZE,
    /** EtherType IPv4 but the version field is not 4. */
    BAD_VERSION,
    /** A length field disagrees with the frame: IHL below 5, IPv4 total length, UDP length, TCP data offset. */
    BAD_LENGTH,
    BAD_IP_CHECKSUM,
    /** TCP, UDP (when not zero) or ICMP checksum wrong. */
    BAD_L4_CHECKSUM,
    /** ARP that is not Ethernet/IPv4. */
    BAD_ARP,
    /**
     * IPv6 extension headers (RFC 8200 4.1) the parser does not walk to the end: more than
     * {@value io.nicplan.flexnic.pipeline.Parser#MAX_IPV6_EXTENSION_HEADERS}, or one that runs past the packet.
     */
    BAD_IPV6_EXTENSIONS,
    /** Neither IPv4, IPv6 nor ARP (after at most one 802.1Q tag); includes stacked tags. */
    UNSUPPORTED_ETHERTYPE,
    /** A table's drop action decided the fate. */
    TABLE_DROP,
    /** Over its rate class's token bucket. */
    RATE_LIMITED,
    /** The target RX ring had no free descriptor. */
    RX_RING_FULL,
    /** The target DMA ring had no free slot. */
    DMA_RING_FULL,
    /** The DMA record (fields and payload) is larger than a slot of its ring. */
    DMA_RECORD_TOO_LARGE,
    /** Fate fast path but no fast-path engine is attached. */
    NO_FAST_PATH,
    /** The fast-path engine dropped the packet. */
    FAST_PATH_DROP;

    /** The counter name, e.g. {@code bad_ip_checksum}. */
    public String counterName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a reason up by its counter name. */
    public static java.util.Optional<DropReason> byCounterName(String name) {
        for (DropReason r : values()) {
            if (r.counterName().equals(name)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
