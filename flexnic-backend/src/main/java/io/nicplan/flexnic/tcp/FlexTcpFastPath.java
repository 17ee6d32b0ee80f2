package io.nicplan.flexnic.tcp;

import io.nicplan.flexnic.packet.Bytes;
import static io.nicplan.flexnic.tcp.FlowTable.CNT_ACKS;
import static io.nicplan.flexnic.tcp.FlowTable.CNT_ACK_BYTES;
import static io.nicplan.flexnic.tcp.FlowTable.CNT_DROPS;
import static io.nicplan.flexnic.tcp.FlowTable.CNT_ECN_BYTES;
import static io.nicplan.flexnic.tcp.FlowTable.CONTEXT;
import static io.nicplan.flexnic.tcp.FlowTable.FLAGS;
import static io.nicplan.flexnic.tcp.FlowTable.FLAG_ECN;
import static io.nicplan.flexnic.tcp.FlowTable.FLAG_IN_USE;
import static io.nicplan.flexnic.tcp.FlowTable.FLAG_RX_FIN;
import static io.nicplan.flexnic.tcp.FlowTable.FLAG_TX_CLOSING;
import static io.nicplan.flexnic.tcp.FlowTable.FLAG_TX_FIN_ACKED;
import static io.nicplan.flexnic.tcp.FlowTable.FLAG_TX_FIN_SENT;
import static io.nicplan.flexnic.tcp.FlowTable.OPAQUE;
import static io.nicplan.flexnic.tcp.FlowTable.PEER_SHIFT_BIT;
import static io.nicplan.flexnic.tcp.FlowTable.RTT_MICROS;
import static io.nicplan.flexnic.tcp.FlowTable.RX_AVAIL;
import static io.nicplan.flexnic.tcp.FlowTable.RX_BASE;
import static io.nicplan.flexnic.tcp.FlowTable.RX_DUPACKS;
import static io.nicplan.flexnic.tcp.FlowTable.RX_LENGTH;
import static io.nicplan.flexnic.tcp.FlowTable.RX_NEXT_POS;
import static io.nicplan.flexnic.tcp.FlowTable.RX_NEXT_SEQ;
import static io.nicplan.flexnic.tcp.FlowTable.RX_OOO_LENGTH;
import static io.nicplan.flexnic.tcp.FlowTable.RX_OOO_START;
import static io.nicplan.flexnic.tcp.FlowTable.RX_REMOTE_AVAIL;
import static io.nicplan.flexnic.tcp.FlowTable.STRIDE;
import static io.nicplan.flexnic.tcp.FlowTable.TS_ECHO;
import static io.nicplan.flexnic.tcp.FlowTable.TX_AVAIL;
import static io.nicplan.flexnic.tcp.FlowTable.TX_BASE;
import static io.nicplan.flexnic.tcp.FlowTable.TX_HIGH_SEQ;
import static io.nicplan.flexnic.tcp.FlowTable.TX_LENGTH;
import static io.nicplan.flexnic.tcp.FlowTable.TX_NEXT_POS;
import static io.nicplan.flexnic.tcp.FlowTable.TX_NEXT_SEQ;
import static io.nicplan.flexnic.tcp.FlowTable.TX_RATE_KBPS;
import static io.nicplan.flexnic.tcp.FlowTable.TX_SENT;

import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.packet.TcpOptions;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.runtime.FlowStateStore;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.graph.predicate.HeaderField;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * FlexTCP's fast path (TAS, EuroSys 2019): the common case of an established TCP connection,
 * in the NIC. Receive ({@link #process}): validate, process the ACK (acknowledged and
 * ECN-echoed bytes; three duplicate ACKs rewind the sender, go-back-N), trim the payload to the
 * window, keep one out-of-order interval, place in-order bytes in the flow's circular receive
 * buffer in host memory, accept the FIN in order, sample the RTT from the echoed timestamp, send
 * an immediate ACK (timestamp echo; ECE when the IP header was CE-marked) and notify the
 * application. Transmit ({@link #transmit}): the application's {@link #txAvailable} bumps queue
 * the flow; each turn sends one segment of at most one MSS with PSH|ACK and timestamps, FIN on
 * the last byte once the application closed. Everything else goes to the slow path's queue,
 * counted by {@link SegmentReason}.
 *
 * <p>Usage: <pre>{@code
 * FlexTcpFastPath fast = new FlexTcpFastPath(config, hostMemory, nic::transmitFromNic, events);
 * nic.attachFastPath(fast);
 * int slot = fast.flows().install(spec).orElseThrow();   // the slow path, after the handshake
 * fast.txAvailable(slot, 1000, now);                      // the application wrote 1000 bytes
 * fast.transmit(now, 64);                                 // the NIC's transmit turn
 * }</pre>
 *
 * <p>One thread (the emulator's) runs segments, transmit turns and the control calls. Per
 * segment and per transmitted segment nothing is allocated.
 */
public final class FlexTcpFastPath implements FastPathEngine, FlowStateStore {

    private static final int HANDLED_FLAGS = TcpFlags.ACK | TcpFlags.PSH | TcpFlags.ECE | TcpFlags.CWR | TcpFlags.FIN;
    /** RFC 3168: both ECN bits set = Congestion Experienced. */
    private static final int ECN_CE = 3;
    /** RFC 3168: ECN-Capable Transport (0). */
    private static final int ECN_ECT0 = 2;
    /** TAS step 3: the third duplicate ACK triggers go-back-N (RFC 5681's fast-retransmit threshold). */
    private static final int DUPACK_THRESHOLD = 3;
    private static final SegmentReason[] REASONS = SegmentReason.values();

    private final FastPathConfig config;
    private final byte[] hostMemory;
    private final FlowTable flows;
    private final FlowScheduler scheduler;
    private final SegmentWriter writer;
    private final SegmentSink wire;
    private final ApplicationEvents events;
    private SlowPathSteering slowPath;
    private SegmentObserver observer = SegmentObserver.NONE;
    private final TcpOptions options = new TcpOptions();
    private final long[] counts = new long[REASONS.length];
    private long goBackN;
    private long segmentsSent;
    private long acksSent;

    // Per-segment results passed between the receive steps (fields, not objects: no allocation).
    private int tsValue;
    private int tsEcho;

    public FlexTcpFastPath(FastPathConfig config, byte[] hostMemory, SegmentSink wire, ApplicationEvents events) {
        this.config = Objects.requireNonNull(config, "config");
        this.hostMemory = Objects.requireNonNull(hostMemory, "hostMemory");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.events = Objects.requireNonNull(events, "events");
        this.flows = new FlowTable(config.flowSlots(), hostMemory.length);
        this.scheduler = new FlowScheduler(config.flowSlots());
        this.writer = new SegmentWriter(config.localMac(), config.mss());
        int queue = config.slowPathQueue();
        this.slowPath = metadata -> queue;
    }

    /**
     * Where segments for the slow path go, when not to one queue: e.g. where the FlexTCP C-node's
     * {@code default} port leads in a NIC description (RSS). Set before traffic flows.
     */
    public void steerSlowPath(SlowPathSteering steering) {
        this.slowPath = Objects.requireNonNull(steering, "steering");
    }

    /** Sees every received segment's reason (per-flow accounting by tools and tests); set before traffic flows. */
    public void observe(SegmentObserver segmentObserver) {
        this.observer = Objects.requireNonNull(segmentObserver, "segmentObserver");
    }

    /** The flow table: the control path installs and removes flows here. */
    public FlowTable flows() {
        return flows;
    }

    public FastPathConfig config() {
        return config;
    }

    /** The emulated host memory the flows' buffers live in. */
    public byte[] hostMemory() {
        return hostMemory;
    }

    /** Installs a flow (control path); see {@link FlowTable#install}. */
    public OptionalInt install(FlowSpec spec) {
        return flows.install(spec);
    }

    /** Removes a flow (control path): its slot is free and its queued turns are skipped. */
    public void remove(int slot) {
        flows.remove(slot);
        scheduler.reset(slot);
    }

    // ---------------------------------------------------------------- the control path's flow state

    @Override
    public int capacity() {
        return flows.capacity();
    }

    @Override
    public int size() {
        return flows.size();
    }

    @Override
    public boolean installed(FlowSpec flow) {
        return slotOf(flow) >= 0;
    }

    @Override
    public Optional<String> problem(FlowSpec flow) {
        return flows.bufferProblem(flow);
    }

    @Override
    public void installFlow(FlowSpec flow) {
        flows.install(flow).orElseThrow(() -> new IllegalStateException("no free flow slot for " + flow));
    }

    @Override
    public void removeFlow(FlowSpec flow) {
        int slot = slotOf(flow);
        if (slot < 0) {
            throw new IllegalStateException("no flow state for " + flow);
        }
        remove(slot);
    }

    /** The slot of an installed flow with this 4-tuple, or -1. */
    public int slotOf(FlowSpec flow) {
        return flows.lookup(flow.localIp(), flow.remoteIp(), flow.localPort(), flow.remotePort());
    }

    /** The slot of the flow with this 4-tuple (as seen from this NIC), or -1. */
    public int slotOf(int localIp, int remoteIp, int localPort, int remotePort) {
        return flows.lookup(localIp, remoteIp, localPort, remotePort);
    }

    /** A copy of one flow's state (the slow path reads its counters; allocates). */
    public FlowView view(int slot) {
        return flows.view(slot);
    }

    /** Whether a slot holds a flow. */
    public boolean inUse(int slot) {
        return flows.inUse(slot);
    }

    // ---------------------------------------------------------------- the slow path's calls on a flow

    /**
     * The slow path's retransmission timeout: resend everything unacknowledged (go-back-N, as
     * after three duplicate ACKs; counted as a drop for congestion control).
     *
     * @return whether anything was outstanding
     */
    public boolean retransmit(int slot, long nowNanos) {
        int base = checkInstalled(slot);
        int[] s = flows.state;
        if (s[base + TX_SENT] == 0) {
            return false;
        }
        goBackN(s, base);
        if (hasSomethingToSend(s, base)) {
            scheduler.ready(slot, s[base + TX_RATE_KBPS], nowNanos);
        }
        return true;
    }

    /**
     * A window probe in keepalive form (RFC 9293 section 3.8.4): one byte just before the
     * oldest unacknowledged sequence number, which the peer has received already. It changes
     * nothing at the peer except that it answers with an ACK carrying its current window, so a
     * flow whose window update was lost opens again. (A probe with new data beyond a closed
     * window would be accepted if the window had opened meanwhile, and the fast path would not
     * know it sent that byte.)
     */
    public void probe(int slot, long nowNanos) {
        int base = checkInstalled(slot);
        int[] s = flows.state;
        int una = s[base + TX_NEXT_SEQ] - s[base + TX_SENT];
        int pos = s[base + TX_NEXT_POS] == 0 ? s[base + TX_LENGTH] - 1 : s[base + TX_NEXT_POS] - 1;
        int length = writer.write(s, base, TcpFlags.ACK, una - 1, timestampMicros(nowNanos), 0, hostMemory,
                s[base + TX_BASE], s[base + TX_LENGTH], pos, 1);
        wire.send(writer.buffer(), 0, length);
    }

    /**
     * Whether the flow has bytes (or a FIN) unsent or unacknowledged: the slow path's timers
     * matter for it.
     */
    public boolean hasWork(int slot) {
        int base = checkInstalled(slot);
        int[] s = flows.state;
        int flowFlags = s[base + FLAGS];
        boolean finPending = (flowFlags & FLAG_TX_CLOSING) != 0 && (flowFlags & FLAG_TX_FIN_ACKED) == 0;
        return s[base + TX_AVAIL] > 0 || s[base + TX_SENT] > 0 || finPending;
    }

    /** Sends an ACK with the flow's current state (the slow path answers an unacceptable segment, RFC 9293). */
    public void acknowledge(int slot, long nowNanos) {
        int base = checkInstalled(slot);
        sendAck(flows.state, base, TcpFlags.ACK, nowNanos);
    }

    // ---------------------------------------------------------------- receive

    @Override
    public int process(byte[] frame, int offset, int length, PacketMetadata metadata, long nowNanos) {
        SegmentReason reason = receive(frame, metadata, nowNanos);
        counts[reason.ordinal()]++;
        observer.segment(metadata, reason);
        // An if chain rather than an enum switch (which reads a synthetic ordinal map), as in Pipeline.
        SegmentReason.Verdict verdict = reason.verdict();
        if (verdict == SegmentReason.Verdict.FAST_PATH) {
            return CONSUMED;
        }
        return verdict == SegmentReason.Verdict.DROP ? DROPPED : slowPath.queueOf(metadata);
    }

    private SegmentReason receive(byte[] b, PacketMetadata m, long nowNanos) {
        if (m.l3() != PacketMetadata.L3_IPV4 || m.l4() != PacketMetadata.L4_TCP) {
            return SegmentReason.NOT_TCP;
        }
        if (m.field(HeaderField.IP_CSUM_OK) == 0 || m.field(HeaderField.L4_CSUM_OK) == 0) {
            return SegmentReason.BAD_CHECKSUM;
        }
        final int ip = m.l3Offset();
        if ((b[ip] & 0x0f) != 5) {
            return SegmentReason.IP_OPTIONS;
        }
        final int tcp = m.l4Offset();
        final int flags = b[tcp + 13] & 0xff;
        if ((flags & TcpFlags.SYN) != 0) {
            return SegmentReason.SYN;
        }
        if ((flags & TcpFlags.RST) != 0) {
            return SegmentReason.RST;
        }
        if ((flags & ~HANDLED_FLAGS) != 0 || (flags & TcpFlags.ACK) == 0) {
            return SegmentReason.UNEXPECTED_FLAGS;
        }
        final int slot = flows.lookup(Bytes.u32(b, ip + 16), Bytes.u32(b, ip + 12),
                Bytes.u16(b, tcp + 2) << 16 | Bytes.u16(b, tcp));
        if (slot < 0) {
            return SegmentReason.UNKNOWN_FLOW;
        }
        if (!readTimestamps(b, tcp)) {
            return SegmentReason.NO_TIMESTAMP;
        }
        return established(b, slot * STRIDE, slot, ip, tcp, flags, m.payloadOffset(), m.payloadLength(), nowNanos);
    }

    /**
     * Reads the timestamp option into {@link #tsValue} and {@link #tsEcho}: the layout every
     * stack sends on established connections (NOP, NOP, TS) directly, any other through the
     * general option parser.
     */
    private boolean readTimestamps(byte[] b, int tcp) {
        int optionsLength = ((b[tcp + 12] & 0xff) >>> 4) * 4 - 20;
        int o = tcp + 20;
        if (optionsLength == 12 && b[o] == TcpOptions.KIND_NOP && b[o + 1] == TcpOptions.KIND_NOP
                && b[o + 2] == TcpOptions.KIND_TIMESTAMPS && b[o + 3] == 10) {
            tsValue = Bytes.u32(b, o + 4);
            tsEcho = Bytes.u32(b, o + 8);
            return true;
        }
        options.parse(b, o, optionsLength);
        if (options.malformed() || !options.hasTimestamps()) {
            return false;
        }
        tsValue = options.timestampValue();
        tsEcho = options.timestampEchoReply();
        return true;
    }

    /** Steps 3 to 11 for a segment of an installed flow; nothing changes before the checks pass. */
    private SegmentReason established(byte[] b, int base, int slot, int ip, int tcp, int flags, int payloadOffset,
            int payloadLength, long nowNanos) {
        final int[] s = flows.state;
        final int seq = Bytes.u32(b, tcp + 4);
        final int ack = Bytes.u32(b, tcp + 8);
        final boolean fin = (flags & TcpFlags.FIN) != 0;
        final int flowFlags = s[base + FLAGS];

        // Checks first (no state written): the ACK must lie in [una, highest sent]; an ACK before
        // una is an old one and is ignored, one beyond is for data never sent.
        final int una = s[base + TX_NEXT_SEQ] - s[base + TX_SENT];
        final int ackAdvance = SequenceSpace.distance(una, ack);
        final boolean oldAck = ackAdvance < 0;
        if (!oldAck && ackAdvance > SequenceSpace.distance(una, s[base + TX_HIGH_SEQ])) {
            return SegmentReason.OUT_OF_WINDOW;
        }
        final boolean occupiesSequence = payloadLength > 0 || fin;
        final long start = SequenceSpace.distance(s[base + RX_NEXT_SEQ], seq);
        final long end = start + payloadLength;
        if (occupiesSequence) {
            // After the peer's FIN nothing may come at or after it; before, nothing may start
            // beyond the window (RFC 793: not acceptable). Both are the slow path's to judge.
            if ((flowFlags & FLAG_RX_FIN) != 0 ? end >= 0 : start > 0 && start >= s[base + RX_AVAIL]) {
                return SegmentReason.OUT_OF_WINDOW;
            }
        }

        // Step 3: the ACK.
        int acknowledgedBytes = 0;
        int eventBits = 0;
        boolean rewound = false;
        if (!oldAck) {
            int advance = ackAdvance;
            if (advance > s[base + TX_SENT]) {
                // Acknowledges bytes sent before a go-back-N rewound tx_next_seq: they arrived after all.
                forwardPastRewind(s, base, advance - s[base + TX_SENT]);
            }
            if (advance > 0) {
                boolean finAcked = (s[base + FLAGS] & FLAG_TX_FIN_SENT) != 0 && advance == s[base + TX_SENT];
                acknowledgedBytes = finAcked ? advance - 1 : advance;
                s[base + TX_SENT] -= advance;
                s[base + RX_DUPACKS] = 0;
                s[base + CNT_ACKS]++;
                s[base + CNT_ACK_BYTES] += acknowledgedBytes;
                if ((flags & TcpFlags.ECE) != 0) {
                    s[base + CNT_ECN_BYTES] += acknowledgedBytes;
                }
                if (finAcked) {
                    s[base + FLAGS] = (s[base + FLAGS] & ~FLAG_TX_FIN_SENT) | FLAG_TX_FIN_ACKED;
                    eventBits |= ApplicationEvents.FIN_ACKNOWLEDGED;
                }
                sampleRtt(s, base, nowNanos);
            } else if (!occupiesSequence && s[base + TX_SENT] > 0
                    && peerWindow(b, tcp, flowFlags) == s[base + RX_REMOTE_AVAIL]) {
                // RFC 5681 duplicate ACK: nothing new acknowledged, no data, same window, data outstanding.
                if (++s[base + RX_DUPACKS] >= DUPACK_THRESHOLD) {
                    goBackN(s, base);
                    rewound = true;
                }
            }
        }
        int oldPeerWindow = s[base + RX_REMOTE_AVAIL];
        if (!oldAck) {
            // An ACK older than una comes from an older segment: its window is stale (RFC 793's SND.WL2 rule).
            s[base + RX_REMOTE_AVAIL] = peerWindow(b, tcp, flowFlags);
        }

        // Steps 4 to 8: the payload and the FIN.
        SegmentReason reason = SegmentReason.ACK_ONLY;
        int receivedBytes = 0;
        if (occupiesSequence) {
            if (start > 0) {
                reason = outOfOrder(b, s, base, seq, (int) start, payloadOffset, payloadLength);
            } else {
                int before = s[base + RX_NEXT_SEQ];
                long trim = SequenceSpace.trim(before, s[base + RX_AVAIL], seq, payloadLength);
                if (trim != SequenceSpace.NOT_IN_ORDER) {
                    int trimStart = SequenceSpace.trimStart(trim);
                    receivedBytes = inOrder(b, s, base, payloadOffset + trimStart,
                            payloadLength - trimStart - SequenceSpace.trimEnd(trim));
                }
                if (fin && (s[base + FLAGS] & FLAG_RX_FIN) == 0 && s[base + RX_OOO_LENGTH] == 0
                        && s[base + RX_NEXT_SEQ] == seq + payloadLength) {
                    // Step 8: the FIN in order, nothing out of order pending; it takes one sequence number.
                    s[base + RX_NEXT_SEQ]++;
                    s[base + FLAGS] |= FLAG_RX_FIN;
                    eventBits |= ApplicationEvents.FIN_RECEIVED;
                }
                if (s[base + RX_NEXT_SEQ] != before) {
                    // RFC 7323 section 4.3: TS.Recent from a segment that advances the left window edge.
                    s[base + TS_ECHO] = tsValue;
                    reason = SegmentReason.IN_ORDER;
                } else {
                    reason = SegmentReason.DUPLICATE;
                }
            }
            // Step 11: an immediate ACK for every segment that occupies sequence space (no delayed ACKs).
            boolean ce = (b[ip + 1] & 3) == ECN_CE && (flowFlags & FLAG_ECN) != 0;
            sendAck(s, base, ce ? TcpFlags.ACK | TcpFlags.ECE : TcpFlags.ACK, nowNanos);
        }

        // Step 9: tell the application.
        if (receivedBytes > 0 || acknowledgedBytes > 0 || eventBits != 0) {
            events.flowEvent(s[base + CONTEXT], s[base + OPAQUE], slot, receivedBytes, acknowledgedBytes, eventBits);
        }
        // Step 10: more may be sendable now.
        if ((acknowledgedBytes > 0 || rewound || s[base + RX_REMOTE_AVAIL] > oldPeerWindow) && hasSomethingToSend(s, base)) {
            scheduler.ready(slot, s[base + TX_RATE_KBPS], nowNanos);
        }
        return reason;
    }

    /** The peer's window in bytes: the 16-bit field scaled by the negotiated shift (RFC 7323). */
    private static int peerWindow(byte[] b, int tcp, int flowFlags) {
        return Bytes.u16(b, tcp + 14) << ((flowFlags >>> PEER_SHIFT_BIT) & 0xf);
    }

    /**
     * Step 7: places {@code n} in-order bytes (the segment trimmed to the window, step 4) at
     * rx_next_pos, then merges the out-of-order interval if they reached it.
     *
     * @return bytes that became in order (placed now or merged)
     */
    private int inOrder(byte[] b, int[] s, int base, int from, int n) {
        if (n == 0) {
            return 0; // a zero window: the bytes are trimmed away, the ACK repeats the window
        }
        writeRx(b, from, s, base, 0, n);
        int advanced = n;
        int oooLength = s[base + RX_OOO_LENGTH];
        if (oooLength > 0) {
            int oooStart = SequenceSpace.distance(s[base + RX_NEXT_SEQ] + n, s[base + RX_OOO_START]);
            if (oooStart <= 0) {
                // The new bytes reach the interval: its bytes are in the buffer already.
                advanced += Math.max(0, oooStart + oooLength);
                s[base + RX_OOO_LENGTH] = 0;
            }
        }
        advanceRx(s, base, advanced);
        return advanced;
    }

    /** Step 5: bytes after a gap, at {@code start} bytes past rx_next_seq (inside the window). */
    private SegmentReason outOfOrder(byte[] b, int[] s, int base, int seq, int start, int payloadOffset,
            int payloadLength) {
        int n = Math.min(payloadLength, s[base + RX_AVAIL] - start);
        if (n <= 0) {
            // A bare FIN after a gap: nothing to keep; the peer sends it again.
            return SegmentReason.OUT_OF_ORDER_DISCARDED;
        }
        int oooLength = s[base + RX_OOO_LENGTH];
        int newStart = start;
        int newEnd = start + n;
        if (oooLength > 0) {
            int oooStart = SequenceSpace.distance(s[base + RX_NEXT_SEQ], s[base + RX_OOO_START]);
            int oooEnd = oooStart + oooLength;
            if (newStart > oooEnd || newEnd < oooStart) {
                // TAS keeps one interval: a segment that neither overlaps nor touches it is dropped.
                return SegmentReason.OUT_OF_ORDER_DISCARDED;
            }
            newStart = Math.min(newStart, oooStart);
            newEnd = Math.max(newEnd, oooEnd);
        }
        writeRx(b, payloadOffset, s, base, start, n);
        s[base + RX_OOO_START] = s[base + RX_NEXT_SEQ] + newStart;
        s[base + RX_OOO_LENGTH] = newEnd - newStart;
        return SegmentReason.OUT_OF_ORDER;
    }

    /** Copies {@code n} bytes to the receive buffer at {@code ahead} bytes past rx_next_pos, wrapping. */
    private void writeRx(byte[] b, int from, int[] s, int base, int ahead, int n) {
        int length = s[base + RX_LENGTH];
        int pos = s[base + RX_NEXT_POS] + ahead;
        if (pos >= length) {
            pos -= length;
        }
        int first = Math.min(n, length - pos);
        int rxBase = s[base + RX_BASE];
        System.arraycopy(b, from, hostMemory, rxBase + pos, first);
        if (first < n) {
            System.arraycopy(b, from + first, hostMemory, rxBase, n - first);
        }
    }

    private static void advanceRx(int[] s, int base, int n) {
        int pos = s[base + RX_NEXT_POS] + n;
        int length = s[base + RX_LENGTH];
        s[base + RX_NEXT_POS] = pos >= length ? pos - length : pos;
        s[base + RX_NEXT_SEQ] += n;
        s[base + RX_AVAIL] -= n;
    }

    /** Step 6: RTT from the echoed timestamp (our clock in microseconds), EWMA with weight 7/8. */
    private void sampleRtt(int[] s, int base, long nowNanos) {
        int rtt = timestampMicros(nowNanos) - tsEcho;
        if (tsEcho == 0 || rtt < 0) {
            return; // no echo yet, or a timestamp from before a clock wrap
        }
        int old = s[base + RTT_MICROS];
        s[base + RTT_MICROS] = old == 0 ? rtt : (int) ((7L * old + rtt) / 8);
    }

    private static int timestampMicros(long nowNanos) {
        return (int) (nowNanos / 1_000);
    }

    /** Three duplicate ACKs: resend everything unacknowledged (TAS's go-back-N). */
    private void goBackN(int[] s, int base) {
        int sent = s[base + TX_SENT];
        int bytes = sent;
        if ((s[base + FLAGS] & FLAG_TX_FIN_SENT) != 0) {
            s[base + FLAGS] &= ~FLAG_TX_FIN_SENT;
            bytes--;
        }
        s[base + TX_NEXT_SEQ] -= sent;
        int pos = s[base + TX_NEXT_POS] - bytes;
        s[base + TX_NEXT_POS] = pos < 0 ? pos + s[base + TX_LENGTH] : pos;
        s[base + TX_AVAIL] += bytes;
        s[base + TX_SENT] = 0;
        s[base + RX_DUPACKS] = 0;
        s[base + CNT_DROPS]++;
        goBackN++;
    }

    /**
     * An ACK beyond tx_next_seq after a go-back-N: the rewound units reached the peer after all,
     * so count them as sent again (data from tx_avail, then the FIN if the application closed).
     */
    private static void forwardPastRewind(int[] s, int base, int units) {
        int bytes = Math.min(units, s[base + TX_AVAIL]);
        s[base + TX_AVAIL] -= bytes;
        int pos = s[base + TX_NEXT_POS] + bytes;
        int length = s[base + TX_LENGTH];
        s[base + TX_NEXT_POS] = pos >= length ? pos - length : pos;
        if (units > bytes) {
            s[base + FLAGS] |= FLAG_TX_FIN_SENT;
        }
        s[base + TX_NEXT_SEQ] += units;
        s[base + TX_SENT] += units;
    }

    private void sendAck(int[] s, int base, int tcpFlags, long nowNanos) {
        int length = writer.write(s, base, tcpFlags, s[base + TX_NEXT_SEQ], timestampMicros(nowNanos), 0,
                hostMemory, 0, 1, 0, 0);
        acksSent++;
        wire.send(writer.buffer(), 0, length);
    }

    // ---------------------------------------------------------------- application and transmit

    /**
     * The application wrote {@code bytes} more into the flow's transmit buffer (TAS: a tx_avail
     * bump through the context queue); the flow is queued to send.
     *
     * @throws IllegalArgumentException if the buffer cannot hold them or the flow is closing
     */
    public void txAvailable(int slot, int bytes, long nowNanos) {
        int base = checkInstalled(slot);
        int[] s = flows.state;
        int finUnit = (s[base + FLAGS] & FLAG_TX_FIN_SENT) != 0 ? 1 : 0;
        long used = (long) s[base + TX_AVAIL] + s[base + TX_SENT] - finUnit;
        if (bytes < 0 || used + bytes > s[base + TX_LENGTH]) {
            throw new IllegalArgumentException("flow " + slot + ": " + bytes + " more bytes do not fit the transmit buffer ("
                    + used + " of " + s[base + TX_LENGTH] + " in use)");
        }
        if ((s[base + FLAGS] & FLAG_TX_CLOSING) != 0) {
            throw new IllegalArgumentException("flow " + slot + " is closed for sending");
        }
        s[base + TX_AVAIL] += bytes;
        scheduler.ready(slot, s[base + TX_RATE_KBPS], nowNanos);
    }

    /**
     * The application read {@code bytes} from the receive buffer: the window opens again. When it
     * was below one segment, a window update is sent so the peer does not wait for a timeout.
     */
    public void rxConsumed(int slot, int bytes, long nowNanos) {
        int base = checkInstalled(slot);
        int[] s = flows.state;
        if (bytes < 0 || (long) s[base + RX_AVAIL] + bytes > s[base + RX_LENGTH]) {
            throw new IllegalArgumentException("flow " + slot + ": cannot free " + bytes + " bytes, " + s[base + RX_AVAIL]
                    + " of " + s[base + RX_LENGTH] + " are free already");
        }
        int before = s[base + RX_AVAIL];
        s[base + RX_AVAIL] += bytes;
        if (before < config.mss() && s[base + RX_AVAIL] >= config.mss()) {
            sendAck(s, base, TcpFlags.ACK, nowNanos);
        }
    }

    /** The application closed its sending direction: a FIN follows the last byte. */
    public void close(int slot, long nowNanos) {
        int base = checkInstalled(slot);
        flows.state[base + FLAGS] |= FLAG_TX_CLOSING;
        scheduler.ready(slot, flows.state[base + TX_RATE_KBPS], nowNanos);
    }

    /** Sets a flow's rate limit (the slow path's congestion control), 0 for none. */
    public void setRate(int slot, int kbps) {
        if (kbps < 0) {
            throw new IllegalArgumentException("rate must be >= 0 kbit/s, got " + kbps);
        }
        flows.state[checkInstalled(slot) + TX_RATE_KBPS] = kbps;
    }

    /** When the next flow may send ({@link Long#MAX_VALUE} when none waits). */
    public long nextTransmitNanos(long nowNanos) {
        return scheduler.nextEligibleNanos(nowNanos);
    }

    /**
     * The NIC's transmit turn: up to {@code maxSegments} segments from the flows the queue
     * manager releases now.
     *
     * @return segments sent
     */
    public int transmit(long nowNanos, int maxSegments) {
        int sent = 0;
        final int[] s = flows.state;
        while (sent < maxSegments) {
            int slot = scheduler.next(nowNanos);
            if (slot < 0) {
                break;
            }
            int base = slot * STRIDE;
            if ((s[base + FLAGS] & FLAG_IN_USE) == 0) {
                continue; // removed while queued
            }
            int units = sendSegment(s, base, nowNanos);
            if (units == 0) {
                continue; // nothing the peer's window allows: an ACK or a window update queues it again
            }
            sent++;
            scheduler.charge(slot, s[base + TX_RATE_KBPS], units, nowNanos);
            if (hasSomethingToSend(s, base)) {
                scheduler.ready(slot, s[base + TX_RATE_KBPS], nowNanos);
            }
        }
        return sent;
    }

    /** One segment: at most one MSS of what the peer's window allows; FIN with the last byte when closing. */
    private int sendSegment(int[] s, int base, long nowNanos) {
        long room = (long) s[base + RX_REMOTE_AVAIL] - s[base + TX_SENT];
        int n = (int) Math.max(0, Math.min(Math.min(s[base + TX_AVAIL], config.mss()), room));
        int flowFlags = s[base + FLAGS];
        boolean fin = (flowFlags & FLAG_TX_CLOSING) != 0 && (flowFlags & (FLAG_TX_FIN_SENT | FLAG_TX_FIN_ACKED)) == 0
                && n == s[base + TX_AVAIL];
        if (n == 0 && !fin) {
            return 0;
        }
        int tcpFlags = TcpFlags.ACK | (n > 0 ? TcpFlags.PSH : 0) | (fin ? TcpFlags.FIN : 0);
        int ecn = (flowFlags & FLAG_ECN) != 0 && n > 0 ? ECN_ECT0 : 0;
        int length = writer.write(s, base, tcpFlags, s[base + TX_NEXT_SEQ], timestampMicros(nowNanos), ecn, hostMemory,
                s[base + TX_BASE], s[base + TX_LENGTH], s[base + TX_NEXT_POS], n);
        int units = n + (fin ? 1 : 0);
        int pos = s[base + TX_NEXT_POS] + n;
        s[base + TX_NEXT_POS] = pos >= s[base + TX_LENGTH] ? pos - s[base + TX_LENGTH] : pos;
        s[base + TX_AVAIL] -= n;
        s[base + TX_SENT] += units;
        s[base + TX_NEXT_SEQ] += units;
        if (SequenceSpace.before(s[base + TX_HIGH_SEQ], s[base + TX_NEXT_SEQ])) {
            s[base + TX_HIGH_SEQ] = s[base + TX_NEXT_SEQ];
        }
        if (fin) {
            s[base + FLAGS] |= FLAG_TX_FIN_SENT;
        }
        segmentsSent++;
        wire.send(writer.buffer(), 0, length);
        return units;
    }

    private boolean hasSomethingToSend(int[] s, int base) {
        int flowFlags = s[base + FLAGS];
        boolean finPending = (flowFlags & FLAG_TX_CLOSING) != 0 && (flowFlags & (FLAG_TX_FIN_SENT | FLAG_TX_FIN_ACKED)) == 0;
        // A FIN needs no window (the peer accepts it at the right edge), data does.
        return (s[base + TX_AVAIL] > 0 && s[base + RX_REMOTE_AVAIL] > s[base + TX_SENT]) || (finPending && s[base + TX_AVAIL] == 0);
    }

    private int checkInstalled(int slot) {
        if (!flows.inUse(slot)) {
            throw new IllegalArgumentException("no flow in slot " + slot);
        }
        return slot * STRIDE;
    }

    // ---------------------------------------------------------------- counters

    /** Segments received per reason (every segment under exactly one). */
    public long count(SegmentReason reason) {
        return counts[reason.ordinal()];
    }

    /** Segments received in all (the sum over reasons). */
    public long segmentsReceived() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** The non-zero counts by reason (allocates; for reports). */
    public Map<SegmentReason, Long> countsByReason() {
        Map<SegmentReason, Long> out = new EnumMap<>(SegmentReason.class);
        for (SegmentReason r : REASONS) {
            if (counts[r.ordinal()] != 0) {
                out.put(r, counts[r.ordinal()]);
            }
        }
        return out;
    }

    /** Go-back-N rewinds after three duplicate ACKs. */
    public long goBackNCount() {
        return goBackN;
    }

    /** Data (or FIN) segments sent by {@link #transmit}. */
    public long segmentsSent() {
        return segmentsSent;
    }

    /** ACKs sent for received segments and window updates. */
    public long acksSent() {
        return acksSent;
    }
}
