package io.nicplan.optimizer.domain;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The packets of a flow: a 5-tuple in which every field may be a wildcard (absent).
 *
 * @param proto L4 protocol
 * @param srcIp IPv4 source address as an unsigned 32-bit value
 * @param dstIp IPv4 destination address
 * @param srcPort L4 source port
 * @param dstPort L4 destination port
 */
public record FlowMatch(Optional<Proto> proto, OptionalLong srcIp, OptionalLong dstIp,
                        OptionalInt srcPort, OptionalInt dstPort) {

    public FlowMatch {
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

    /** Whether every field is given (no wildcard), as a flow-director filter requires. */
    public boolean isExact() {
        return proto.isPresent() && srcIp.isPresent() && dstIp.isPresent() && srcPort.isPresent() && dstPort.isPresent();
    }

    /** Number of given fields, 0..5; more specific matches win ties between filters. */
    public int specifiedFields() {
        return (proto.isPresent() ? 1 : 0) + (srcIp.isPresent() ? 1 : 0) + (dstIp.isPresent() ? 1 : 0)
                + (srcPort.isPresent() ? 1 : 0) + (dstPort.isPresent() ? 1 : 0);
    }

    /** Whether some packet matches both this and {@code other}. */
    public boolean intersects(FlowMatch other) {
        return compatible(proto, other.proto) && compatible(srcIp, other.srcIp) && compatible(dstIp, other.dstIp)
                && compatible(srcPort, other.srcPort) && compatible(dstPort, other.dstPort);
    }

    /** Whether every packet of this match also matches {@code other}. */
    public boolean within(FlowMatch other) {
        return covers(other.proto, proto) && covers(other.srcIp, srcIp) && covers(other.dstIp, dstIp)
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
                + (srcIp.isPresent() ? ipv4(srcIp.getAsLong()) : "*") + ":" + (srcPort.isPresent() ? srcPort.getAsInt() : "*")
                + " -> "
                + (dstIp.isPresent() ? ipv4(dstIp.getAsLong()) : "*") + ":" + (dstPort.isPresent() ? dstPort.getAsInt() : "*");
    }
}
