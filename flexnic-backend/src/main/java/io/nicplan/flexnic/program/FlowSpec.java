package io.nicplan.flexnic.program;

/**
 * What the slow path installs for an established connection (the control path's edge of the
 * FlexTCP flow table): the 4-tuple as seen from this NIC, the peer's MAC, the application
 * context, the connection's circular buffers in host memory, and the sequence state the
 * handshake agreed. An {@link Entity} of the control path, so flow state is installed and
 * removed in the same atomic write batches as table entries (an INSERT takes one of the
 * description's {@code flowstate_slots}; a DELETE matches on the 4-tuple alone, as a table
 * entry's DELETE ignores its action).
 *
 * @param localIp this NIC's IPv4 address (the segments' destination)
 * @param remoteIp the peer's IPv4 address
 * @param localPort this side's port
 * @param remotePort the peer's port
 * @param remoteMac the peer's (or the gateway's) MAC address, low 48 bits
 * @param context the application context notified of this flow's events
 * @param opaque the application's tag for the flow, passed back in every event
 * @param rxBase offset of the receive buffer in host memory
 * @param rxLength receive buffer length in bytes
 * @param txBase offset of the transmit buffer in host memory
 * @param txLength transmit buffer length in bytes
 * @param rxNextSeq the next sequence number expected from the peer (its ISN + 1)
 * @param txNextSeq the next sequence number to send (this side's ISN + 1)
 * @param peerWindow the peer's receive window in bytes (already scaled)
 * @param peerWindowShift the peer's window scale (RFC 7323), 0..14; TAS ignores scaling
 * @param localWindowShift the scale this side announced, 0..14
 * @param ecn whether ECN was negotiated (RFC 3168): data is sent ECT(0) and CE is echoed with ECE
 * @param timestampToEcho the peer's last timestamp value (from the handshake)
 * @param txRateKbps the flow's rate limit in kbit/s, 0 for none
 */
public record FlowSpec(int localIp, int remoteIp, int localPort, int remotePort, long remoteMac, int context, int opaque,
        int rxBase, int rxLength, int txBase, int txLength, int rxNextSeq, int txNextSeq, int peerWindow,
        int peerWindowShift, int localWindowShift, boolean ecn, int timestampToEcho, int txRateKbps) implements Entity {

    /** The {@link #target()} of every flow-state entity: the FlexTCP flow table. */
    public static final String FLOW_STATE = "flowstate";

    public FlowSpec {
        checkPort("localPort", localPort);
        checkPort("remotePort", remotePort);
        if (rxBase < 0 || rxLength < 1 || txBase < 0 || txLength < 1) {
            throw new IllegalArgumentException("buffers need a base >= 0 and a length >= 1: rx " + rxBase + "+" + rxLength
                    + ", tx " + txBase + "+" + txLength);
        }
        if (peerWindow < 0) {
            throw new IllegalArgumentException("peerWindow must be >= 0, got " + peerWindow);
        }
        checkShift("peerWindowShift", peerWindowShift);
        checkShift("localWindowShift", localWindowShift);
        if (txRateKbps < 0) {
            throw new IllegalArgumentException("txRateKbps must be >= 0 (0: unlimited), got " + txRateKbps);
        }
        if ((remoteMac >>> 48) != 0) {
            throw new IllegalArgumentException("remoteMac has more than 48 bits: " + Long.toHexString(remoteMac));
        }
    }

    /** A flow with the given 4-tuple and buffers, a peer window of 65,535 bytes, no rate limit, ECN off, window scale 0. */
    public static FlowSpec of(int localIp, int remoteIp, int localPort, int remotePort, long remoteMac, int rxBase,
            int rxLength, int txBase, int txLength, int rxNextSeq, int txNextSeq) {
        return new FlowSpec(localIp, remoteIp, localPort, remotePort, remoteMac, 0, 0, rxBase, rxLength, txBase,
                txLength, rxNextSeq, txNextSeq, 65_535, 0, 0, false, 0, 0);
    }

    public FlowSpec withContext(int newContext, int newOpaque) {
        return new FlowSpec(localIp, remoteIp, localPort, remotePort, remoteMac, newContext, newOpaque, rxBase, rxLength,
                txBase, txLength, rxNextSeq, txNextSeq, peerWindow, peerWindowShift, localWindowShift, ecn,
                timestampToEcho, txRateKbps);
    }

    public FlowSpec withEcn(boolean enabled) {
        return new FlowSpec(localIp, remoteIp, localPort, remotePort, remoteMac, context, opaque, rxBase, rxLength,
                txBase, txLength, rxNextSeq, txNextSeq, peerWindow, peerWindowShift, localWindowShift, enabled,
                timestampToEcho, txRateKbps);
    }

    public FlowSpec withPeerWindow(int bytes, int shift) {
        return new FlowSpec(localIp, remoteIp, localPort, remotePort, remoteMac, context, opaque, rxBase, rxLength,
                txBase, txLength, rxNextSeq, txNextSeq, bytes, shift, localWindowShift, ecn, timestampToEcho,
                txRateKbps);
    }

    public FlowSpec withLocalWindowShift(int shift) {
        return new FlowSpec(localIp, remoteIp, localPort, remotePort, remoteMac, context, opaque, rxBase, rxLength,
                txBase, txLength, rxNextSeq, txNextSeq, peerWindow, peerWindowShift, shift, ecn, timestampToEcho,
                txRateKbps);
    }

    public FlowSpec withRate(int kbps) {
        return new FlowSpec(localIp, remoteIp, localPort, remotePort, remoteMac, context, opaque, rxBase, rxLength,
                txBase, txLength, rxNextSeq, txNextSeq, peerWindow, peerWindowShift, localWindowShift, ecn,
                timestampToEcho, kbps);
    }

    @Override
    public String target() {
        return FLOW_STATE;
    }

    /** Same 4-tuple (what a DELETE matches on). */
    public boolean sameFlow(FlowSpec other) {
        return localIp == other.localIp && remoteIp == other.remoteIp && localPort == other.localPort
                && remotePort == other.remotePort;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
        }
    }

    private static void checkShift(String name, int shift) {
        // RFC 7323 section 2.3: a shift above 14 is treated as 14; the slow path clamps before installing.
        if (shift < 0 || shift > 14) {
            throw new IllegalArgumentException(name + " must be 0..14 (RFC 7323), got " + shift);
        }
    }
}
