package io.nicplan.embed.state;

import java.util.Objects;

/**
 * A class of packets the host expects to receive: a 5-tuple whose addresses and ports may be
 * wildcards, a traffic class, and its rate.
 *
 * @param src the remote side (packet source)
 * @param dst the local side (packet destination)
 * @param trafficClass e.g. {@code gold} or {@code besteffort}
 * @param packetsPerSecond expected packet rate
 * @param bytesPerPacket expected frame size
 */
public record Flow(String id, Protocol proto, AddressPattern src, AddressPattern dst, String trafficClass,
                   double packetsPerSecond, int bytesPerPacket) {
    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(trafficClass, "trafficClass");
    }

    /** True when every field of the 5-tuple is given, so the flow is one connection. */
    public boolean isConcrete() {
        return src.isConcrete() && dst.isConcrete();
    }

    @Override
    public String toString() {
        return id + " " + proto + " " + src + " -> " + dst;
    }
}
