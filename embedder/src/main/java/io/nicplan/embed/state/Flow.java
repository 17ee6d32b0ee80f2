package io.nicplan.embed.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A class of packets the host expects to receive: a 5-tuple whose addresses and ports may be
 * wildcards, a traffic class, and its rate.
 *
 * @param src the remote side (packet source)
 * @param dst the local side (packet destination)
 * @param trafficClass e.g. {@code gold} or {@code besteffort}
 * @param packetsPerSecond expected packet rate
 * @param bytesPerPacket expected frame size
 * @param key the memcached key every packet of the flow requests (a binary-protocol GET to
 *     {@link #MEMCACHED_PORT}), for NICs that steer by key (FlexNIC's key-value program); empty
 *     for ordinary flows
 */
public record Flow(String id, Protocol proto, AddressPattern src, AddressPattern dst, String trafficClass,
                   double packetsPerSecond, int bytesPerPacket, Optional<String> key) {
    /** The port a flow with a key is sent to: memcached's, where FlexNIC's parser reads the request. */
    public static final int MEMCACHED_PORT = 11211;
    /** memcached's longest key, in bytes (its KEY_MAX_LENGTH). */
    public static final int MAX_KEY_BYTES = 250;

    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(trafficClass, "trafficClass");
        Objects.requireNonNull(key, "key");
    }

    /** A flow without a key. */
    public Flow(String id, Protocol proto, AddressPattern src, AddressPattern dst, String trafficClass,
                double packetsPerSecond, int bytesPerPacket) {
        this(id, proto, src, dst, trafficClass, packetsPerSecond, bytesPerPacket, Optional.empty());
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
