package io.nicplan.embed.testing;

import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.Protocol;

/** Flows written compactly in tests: {@code flow("f1", "udp 10.0.0.9:4000 -> 10.0.0.1:11211")}. */
public final class Flows {
    private Flows() {
    }

    public static Flow flow(String id, String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 4 || !parts[2].equals("->")) {
            throw new IllegalArgumentException("write flows as 'proto src -> dst': " + text);
        }
        return new Flow(id, Protocol.bySymbol(parts[0]).orElseThrow(), AddressPattern.parse(parts[1]).pattern().orElseThrow(),
                AddressPattern.parse(parts[3]).pattern().orElseThrow(), "besteffort", 1000, 64);
    }
}
