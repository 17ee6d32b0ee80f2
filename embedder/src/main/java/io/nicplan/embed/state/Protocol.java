package io.nicplan.embed.state;

import java.util.Locale;
import java.util.Optional;

/** The transport protocols endpoints and flows use. */
public enum Protocol {
    UDP(17),
    TCP(6);

    private final int ipProto;
    /** Kept, not lower-cased per call: every flow's reading, workload and shape asks for it. */
    private final String symbol;

    Protocol(int ipProto) {
        this.ipProto = ipProto;
        this.symbol = name().toLowerCase(Locale.ROOT);
    }

    /** The IPv4 protocol number (RFC 790 assigned numbers). */
    public int ipProto() {
        return ipProto;
    }

    /** The lower-case name used in JSON and Unicorn, {@code udp} or {@code tcp}. */
    public String symbol() {
        return symbol;
    }

    public static Optional<Protocol> bySymbol(String symbol) {
        for (Protocol p : values()) {
            if (p.symbol().equals(symbol)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return symbol();
    }
}
