package io.nicplan.embed.expand;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;

/**
 * {@code syn}: the 82599's SYN filter (SYNQF) steers TCP connection requests — SYN set, ACK clear —
 * to one queue.
 */
public final class SynFunction extends QueueIfFunction {
    /** TCP flag bits SYN (0x02) and ACK (0x10), RFC 9293. */
    private static final long SYN = 0x02;
    private static final long SYN_ACK_MASK = 0x12;

    /** Connection requests: IPv4 TCP segments with SYN set and ACK clear. */
    public static Predicate connectionRequest() {
        return Predicate.and(Predicate.eq(HeaderField.ETH_TYPE, 0x0800), Predicate.eq(HeaderField.IP_PROTO, 6),
                Predicate.masked(HeaderField.TCP_FLAGS, SYN, SYN_ACK_MASK));
    }

    @Override
    public String name() {
        return "syn";
    }

    @Override
    protected Predicate matches(ConfigSite site) {
        return connectionRequest();
    }

    @Override
    protected String implementation() {
        return "syn_filter";
    }

    @Override
    public String unconfigured() {
        return "off: SYN segments are steered like any other packet";
    }
}
