package io.nicplan.flexnic.tcp.host;

import io.nicplan.flexnic.host.HostRing;
import io.nicplan.flexnic.host.QueueManager;
import io.nicplan.flexnic.host.ReceivedFrame;
import io.nicplan.flexnic.packet.ArpView;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.EtherType;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.IpProtocol;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.packet.TcpOptions;
import io.nicplan.flexnic.packet.TcpView;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.runtime.StatusCode;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.flexnic.tcp.FlowView;
import io.nicplan.flexnic.tcp.cc.CongestionControl;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * FlexTCP's slow path on the host (TAS): everything the fast path does not do. It reads the
 * NIC's slow-path RX queue (ARP, SYN, RST, segments of unknown flows, anything odd) and
 *
 * <ul>
 *   <li>answers ARP for the host's address and resolves peers before connecting;
 *   <li>runs the handshakes: active open (SYN with MSS, window scale, timestamps and, with ECN,
 *       ECE|CWR; retransmitted every handshake timeout, up to the retry limit) and passive open
 *       (SYN-ACK likewise); on completion it installs the flow's state through the NIC's control
 *       path, an atomic write batch, so a full flow table refuses the connection (RST);
 *   <li>tears down: when both FINs are acknowledged (the fast path reports them) it deletes the
 *       flow state; the side that closed first keeps a TIME-WAIT entry that acknowledges a
 *       retransmitted FIN; a RST in the window removes the flow; segments for no connection are
 *       answered with RST (RFC 9293 section 3.10.7.1);
 *   <li>every control interval (2 RTTs, at least the configured minimum) reads each flow's
 *       counters: a flow with data outstanding and nothing acknowledged for
 *       {@link #STALLED_INTERVALS} intervals and at least 2 RTTs is rewound (retransmission
 *       timeout, go-back-N); a flow waiting on a closed window is probed; the congestion
 *       controller turns the counter deltas into the flow's new rate.
 * </ul>
 */
final class SlowPath {

    /** Control intervals without an acknowledged byte before the retransmission timeout (TAS: "several"). */
    static final int STALLED_INTERVALS = 3;
    /** RTT assumed before the fast path has a sample. */
    private static final int DEFAULT_RTT_MICROS = 100;
    private static final int ETHERNET_HEADER = 14;
    private static final int FIRST_EPHEMERAL_PORT = 32_768;
    private static final int EPHEMERAL_PORTS = 28_232; // Linux's ip_local_port_range 32768..60999

    private record FlowKey(int localIp, int remoteIp, int localPort, int remotePort) {
    }

    private final FlexTcpHost host;
    private final HostConfig config;
    private final int ip;
    private final long mac;
    private final Random random;
    private final Map<FlowKey, TcpConnection> connections = new HashMap<>();
    private final Map<Integer, TcpListener> listeners = new HashMap<>();
    private final Map<Integer, Long> arpCache = new HashMap<>();
    /** The addresses this host answers ARP and accepts segments for: its own, and any added. */
    private final Set<Integer> localIps = new HashSet<>();
    /** Which connections get flow state, and with which NIC context; null: every one, its application's. */
    private FlowAdmission admission;
    private final Map<Integer, List<TcpConnection>> awaitingArp = new HashMap<>();
    private final ArrayDeque<Integer> freeBuffers = new ArrayDeque<>();
    /** Established connections the control loop visits, in the order they opened. */
    private final LinkedHashMap<Integer, TcpConnection> established = new LinkedHashMap<>();
    private final Map<String, Long> counters = new TreeMap<>();
    private final TcpOptions options = new TcpOptions();
    private int nextEphemeral;
    private boolean controlScheduled;

    SlowPath(FlexTcpHost host) {
        this.host = host;
        this.config = host.config();
        this.ip = config.ip().bits();
        this.mac = config.mac().value();
        localIps.add(ip);
        this.random = new Random(config.seed());
        for (int i = 0; i < config.maxConnections(); i++) {
            freeBuffers.add(i);
        }
        this.nextEphemeral = random.nextInt(EPHEMERAL_PORTS);
    }

    Map<String, Long> counters() {
        return new TreeMap<>(counters);
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    void addLocalAddress(int address) {
        localIps.add(address);
    }

    void admit(FlowAdmission policy) {
        this.admission = Objects.requireNonNull(policy, "policy");
    }

    // ---------------------------------------------------------------- the application's calls

    TcpListener listen(TcpContext context, int port) {
        checkPort(port);
        if (listeners.containsKey(port)) {
            throw new IllegalStateException("port " + port + " is already listened on");
        }
        TcpListener listener = new TcpListener(context, port);
        listeners.put(port, listener);
        return listener;
    }

    void unlisten(TcpListener listener) {
        listeners.remove(listener.port(), listener);
    }

    TcpConnection connect(TcpContext context, Ipv4Address remote, int remotePort) {
        checkPort(remotePort);
        return connect(context, remote, remotePort, ephemeralPort(remote.bits(), remotePort));
    }

    TcpConnection connect(TcpContext context, Ipv4Address remote, int remotePort, int localPort) {
        checkPort(remotePort);
        checkPort(localPort);
        if (connections.containsKey(new FlowKey(ip, remote.bits(), localPort, remotePort))) {
            throw new IllegalStateException("a connection " + new Ipv4Address(ip) + ":" + localPort + " -> " + remote + ":"
                    + remotePort + " exists already");
        }
        Integer index = freeBuffers.poll();
        if (index == null) {
            throw new IllegalStateException("no buffers for another connection (" + config.maxConnections() + " in use)");
        }
        TcpConnection c = new TcpConnection(host, context, index, ip, remote.bits(), localPort, remotePort);
        host.register(c);
        connections.put(key(c), c);
        c.localIsn = random.nextInt();
        c.localShift = config.windowShift();
        Long peerMac = arpCache.get(remote.bits());
        if (peerMac == null) {
            c.state = TcpConnection.State.ARP;
            awaitingArp.computeIfAbsent(remote.bits(), k -> new ArrayList<>()).add(c);
            sendArpRequest(remote.bits());
            startHandshakeTimer(c);
        } else {
            c.remoteMac = peerMac;
            c.state = TcpConnection.State.SYN_SENT;
            sendSyn(c);
            startHandshakeTimer(c);
        }
        host.dispatch();
        return c;
    }

    /** The application closed a connection whose handshake is still running. */
    void abort(TcpConnection c) {
        if (c.state == TcpConnection.State.SYN_SENT || c.state == TcpConnection.State.SYN_RECEIVED) {
            sendRst(c.remoteMac, c.localIp, c.remoteIp, c.localPort, c.remotePort, c.localIsn + 1, 0, false);
        }
        finish(c, TcpConnection.State.CLOSED);
    }

    /** Gives a connection's buffers back once its application released it and its flow state is gone. */
    void releaseIfDone(TcpConnection c) {
        if (c.released() && c.slot < 0 && (c.state == TcpConnection.State.CLOSED || c.state == TcpConnection.State.TIME_WAIT)
                && host.ownsBuffer(c)) {
            host.unregister(c);
            freeBuffers.add(c.index);
        }
    }

    private int ephemeralPort(int remoteIp, int remotePort) {
        for (int tries = 0; tries < EPHEMERAL_PORTS; tries++) {
            int port = FIRST_EPHEMERAL_PORT + nextEphemeral;
            nextEphemeral = (nextEphemeral + 1) % EPHEMERAL_PORTS;
            if (!connections.containsKey(new FlowKey(ip, remoteIp, port, remotePort))) {
                return port;
            }
        }
        throw new IllegalStateException("no free local port towards " + new Ipv4Address(remoteIp) + ":" + remotePort);
    }

    // ---------------------------------------------------------------- frames from the slow-path queue

    /** Handles every frame waiting in the slow path's RX queue. */
    void drain() {
        for (int number : host.slowPathQueues()) {
            HostRing queue = host.nic().rxQueue(number);
            // Checked first: this runs after every frame, and poll() allocates a slot-sized descriptor
            // even when the queue is empty (kilobytes per fast-path segment, the bulk benchmark's GC).
            if (queue.isEmpty()) {
                continue;
            }
            Optional<ReceivedFrame> next;
            while ((next = queue.poll()).isPresent()) {
                byte[] f = next.get().bytes();
                try {
                    frame(f);
                } catch (RuntimeException malformed) {
                    // A frame too short for the headers it claims: the fast path's parser let it through to us.
                    count("malformed");
                }
            }
        }
    }

    private void frame(byte[] f) {
        if (f.length < ETHERNET_HEADER) {
            count("malformed");
            return;
        }
        int etherType = Bytes.u16(f, 12);
        if (etherType == EtherType.ARP) {
            arp(f);
        } else if (etherType == EtherType.IPV4 && f.length >= 34 && (f[23] & 0xff) == IpProtocol.TCP) {
            int ihl = (f[14] & 0x0f) * 4;
            int totalLength = Bytes.u16(f, 16);
            if (ihl < 20 || totalLength > f.length - 14 || totalLength < ihl + TcpView.HEADER_LENGTH) {
                count("malformed");
                return;
            }
            int tcp = 14 + ihl;
            TcpView view = TcpView.over(f, tcp, totalLength - ihl);
            if (!view.verifyChecksum(Bytes.u32(f, 26), Bytes.u32(f, 30), totalLength - ihl)) {
                count("bad_checksum");
                return;
            }
            segment(f, Bytes.u48(f, 6), Bytes.u32(f, 26), Bytes.u32(f, 30), view, (f[15] & 3));
        } else {
            count("not_tcp_or_arp");
        }
    }

    private void arp(byte[] f) {
        ArpView arp = ArpView.over(f, ETHERNET_HEADER, f.length - ETHERNET_HEADER);
        if (f.length < ETHERNET_HEADER + ArpView.HEADER_LENGTH || !arp.isEthernetIpv4()) {
            count("malformed");
            return;
        }
        int senderIp = arp.senderIp();
        long senderMac = arp.senderMac();
        boolean forUs = localIps.contains(arp.targetIp());
        if (forUs || arpCache.containsKey(senderIp)) {
            arpCache.put(senderIp, senderMac); // RFC 826: update or, if we are the target, add the sender
        }
        if (forUs && arp.operation() == ArpView.OP_REQUEST) {
            byte[] reply = new byte[FrameBuilder.MIN_FRAME_LENGTH];
            Bytes.setU48(reply, 0, senderMac);
            Bytes.setU48(reply, 6, mac);
            Bytes.setU16(reply, 12, EtherType.ARP);
            ArpView out = ArpView.over(reply, ETHERNET_HEADER, ArpView.HEADER_LENGTH);
            out.setEthernetIpv4(ArpView.OP_REPLY);
            out.setSender(mac, arp.targetIp());
            out.setTarget(senderMac, senderIp);
            send(reply);
            count("arp_replies");
        }
        List<TcpConnection> waiting = arpCache.containsKey(senderIp) ? awaitingArp.remove(senderIp) : null;
        if (waiting != null) {
            for (TcpConnection c : waiting) {
                if (c.state == TcpConnection.State.ARP) {
                    c.remoteMac = senderMac;
                    c.state = TcpConnection.State.SYN_SENT;
                    c.handshakeRetries = 0;
                    sendSyn(c);
                    startHandshakeTimer(c);
                }
            }
        }
    }

    private void segment(byte[] f, long srcMac, int srcIp, int dstIp, TcpView tcp, int ipEcn) {
        int flags = tcp.flags();
        int segmentLength = tcp.length() - tcp.headerLength();
        if (!localIps.contains(dstIp)) {
            count("not_for_us");
            return;
        }
        FlowKey key = new FlowKey(dstIp, srcIp, tcp.dstPort(), tcp.srcPort());
        TcpConnection c = connections.get(key);
        if ((flags & TcpFlags.RST) != 0) {
            reset(c, tcp);
            return;
        }
        if (c == null) {
            if ((flags & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN && listeners.containsKey(tcp.dstPort())) {
                passiveOpen(key, srcMac, tcp);
            } else {
                count("rst_sent_no_connection");
                answerWithRst(srcMac, dstIp, srcIp, tcp, segmentLength);
            }
            return;
        }
        switch (c.state) {
            case SYN_SENT -> synSent(c, tcp, srcMac);
            case SYN_RECEIVED -> synReceived(c, tcp);
            case ESTABLISHED -> {
                // The fast path handed it over: a repeated SYN or SYN-ACK (our ACK was lost), a
                // segment outside the window, or one it cannot parse. RFC 9293: answer an
                // unacceptable segment with an ACK saying where we are.
                count((flags & TcpFlags.SYN) != 0 ? "syn_on_established" : "unacceptable_segment");
                if (c.slot >= 0 && ((flags & TcpFlags.SYN) != 0 || segmentLength > 0 || (flags & TcpFlags.FIN) != 0)) {
                    host.fastPath().acknowledge(c.slot, host.now());
                }
            }
            case TIME_WAIT -> {
                if ((flags & TcpFlags.FIN) != 0) {
                    // Our ACK of the peer's FIN was lost: acknowledge again and restart TIME-WAIT (RFC 9293).
                    sendBare(c, TcpFlags.ACK, c.timeWaitSeq, c.timeWaitAck);
                    startTimeWait(c);
                    count("time_wait_fin_acknowledged");
                }
            }
            default -> count("segment_while_" + c.state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private void passiveOpen(FlowKey key, long srcMac, TcpView syn) {
        TcpListener listener = listeners.get(key.localPort());
        Integer index = freeBuffers.poll();
        if (index == null) {
            count("refused_no_buffer");
            answerWithRst(srcMac, key.localIp(), key.remoteIp(), syn, 0);
            return;
        }
        int nicContext = admission == null ? -1 : admission.contextOf(key.localIp(), key.remoteIp(), key.localPort(),
                key.remotePort());
        if (admission != null && nicContext < 0) {
            // Not a connection the NIC is to hold flow state for (e.g. no fastPath slot in the plan).
            count("refused_not_admitted");
            freeBuffers.add(index);
            answerWithRst(srcMac, key.localIp(), key.remoteIp(), syn, 0);
            return;
        }
        syn.options(options);
        if (!options.hasTimestamps() || (options.mss() >= 0 && options.mss() - 12 < config.mss())) {
            // The fast path needs timestamps on every segment and sends one MSS for every flow.
            count(options.hasTimestamps() ? "refused_small_mss" : "refused_no_timestamps");
            freeBuffers.add(index);
            answerWithRst(srcMac, key.localIp(), key.remoteIp(), syn, 0);
            return;
        }
        TcpConnection c = new TcpConnection(host, listener.context(), index, key.localIp(), key.remoteIp(), key.localPort(),
                key.remotePort());
        host.register(c);
        connections.put(key, c);
        c.acceptedBy = listener;
        c.nicContext = nicContext;
        c.remoteMac = srcMac;
        c.state = TcpConnection.State.SYN_RECEIVED;
        c.localIsn = random.nextInt();
        c.remoteIsn = syn.seq();
        c.peerTimestamp = options.timestampValue();
        // RFC 7323: scaling only if both SYNs carry the option; RFC 3168: ECN if the SYN asks with ECE|CWR.
        c.peerShift = options.windowScale() >= 0 ? Math.min(options.windowScale(), 14) : 0;
        c.localShift = options.windowScale() >= 0 ? config.windowShift() : 0;
        c.ecn = config.ecn() && (syn.flags() & (TcpFlags.ECE | TcpFlags.CWR)) == (TcpFlags.ECE | TcpFlags.CWR);
        sendSynAck(c, options.windowScale() >= 0);
        startHandshakeTimer(c);
        count("syn_received");
    }

    private void synSent(TcpConnection c, TcpView tcp, long srcMac) {
        int flags = tcp.flags();
        if ((flags & TcpFlags.ACK) != 0 && tcp.ack() != c.localIsn + 1) {
            count("bad_syn_ack");
            answerWithRst(srcMac, c.localIp, c.remoteIp, tcp, 0);
            return;
        }
        if ((flags & (TcpFlags.SYN | TcpFlags.ACK)) != (TcpFlags.SYN | TcpFlags.ACK)) {
            count("unexpected_in_syn_sent");
            return;
        }
        tcp.options(options);
        if (!options.hasTimestamps() || (options.mss() >= 0 && options.mss() - 12 < config.mss())) {
            count(options.hasTimestamps() ? "refused_small_mss" : "refused_no_timestamps");
            sendRst(c.remoteMac, c.localIp, c.remoteIp, c.localPort, c.remotePort, tcp.ack(), 0, false);
            fail(c);
            return;
        }
        c.remoteIsn = tcp.seq();
        c.peerTimestamp = options.timestampValue();
        if (options.windowScale() >= 0) {
            c.peerShift = Math.min(options.windowScale(), 14);
        } else {
            c.peerShift = 0;
            c.localShift = 0;
        }
        c.ecn = config.ecn() && (flags & (TcpFlags.ECE | TcpFlags.CWR)) == TcpFlags.ECE;
        // RFC 7323 section 2.2: the window of a SYN segment is never scaled.
        if (install(c, tcp.window())) {
            host.fastPath().acknowledge(c.slot, host.now()); // the handshake's third segment
            count("active_opens");
            c.context.post(new TcpEvent(TcpEvent.Type.OPENED, c, null));
        } else {
            sendRst(c.remoteMac, c.localIp, c.remoteIp, c.localPort, c.remotePort, c.localIsn + 1, 0, false);
            fail(c);
        }
    }

    private void synReceived(TcpConnection c, TcpView tcp) {
        int flags = tcp.flags();
        if ((flags & TcpFlags.SYN) != 0) {
            if (tcp.seq() == c.remoteIsn && (flags & TcpFlags.ACK) == 0) {
                sendSynAck(c, c.localShift > 0 || c.peerShift > 0); // the SYN again: our SYN-ACK was lost
                count("syn_repeated");
            }
            return;
        }
        if ((flags & TcpFlags.ACK) == 0 || tcp.ack() != c.localIsn + 1) {
            count("bad_handshake_ack");
            return;
        }
        tcp.options(options);
        if (options.hasTimestamps()) {
            c.peerTimestamp = options.timestampValue();
        }
        if (!install(c, tcp.window() << c.peerShift)) {
            sendRst(c.remoteMac, c.localIp, c.remoteIp, c.localPort, c.remotePort, c.localIsn + 1, 0, false);
            finish(c, TcpConnection.State.CLOSED);
            return;
        }
        if (tcp.length() > tcp.headerLength() || (flags & TcpFlags.FIN) != 0) {
            // The handshake's ACK came with data (the plain ACK was lost): the flow state exists
            // now, the peer resends the bytes on our duplicate ACKs or its timeout.
            host.fastPath().acknowledge(c.slot, host.now());
            count("data_with_handshake_ack_dropped");
        }
        count("passive_opens");
        if (c.acceptedBy.isClosed()) {
            c.acceptedBy = null;
        } else {
            c.acceptedBy.established(c);
        }
    }

    /** Installs the flow state through the NIC's control path; false if the table refused it. */
    private boolean install(TcpConnection c, int peerWindowBytes) {
        CongestionControl cc = config.congestionControl().newFlow();
        long rate = Math.min(Integer.MAX_VALUE, cc.initialRateKbps());
        FlowSpec spec = new FlowSpec(c.localIp, c.remoteIp, c.localPort, c.remotePort, c.remoteMac,
                c.nicContext >= 0 ? c.nicContext : c.context.id(), c.index,
                c.rxBase, c.bufferBytes, c.txBase, c.bufferBytes, c.remoteIsn + 1, c.localIsn + 1, peerWindowBytes,
                c.peerShift, c.localShift, c.ecn, c.peerTimestamp, (int) rate);
        WriteResponse response = host.nic().runtime().write(WriteRequest.atomic(List.of(Update.insert(spec))));
        if (!response.allOk()) {
            count(response.status(0).code() == StatusCode.RESOURCE_EXHAUSTED ? "refused_flow_state_full"
                    : "refused_flow_state_rejected");
            return false;
        }
        c.flow = spec;
        c.slot = host.fastPath().slotOf(spec);
        c.congestionControl = cc;
        c.state = TcpConnection.State.ESTABLISHED;
        c.handshakeGeneration++;
        long now = host.now();
        c.intervalStartNanos = now;
        c.lastProgressNanos = now;
        c.nextControlNanos = now + config.controlIntervalNanos();
        established.put(c.index, c);
        scheduleControl();
        return true;
    }

    private void reset(TcpConnection c, TcpView rst) {
        if (c == null) {
            count("rst_ignored");
            return;
        }
        switch (c.state) {
            case SYN_SENT -> {
                // RFC 9293: in SYN-SENT a RST is acceptable if it acknowledges our SYN: connection refused.
                if ((rst.flags() & TcpFlags.ACK) != 0 && rst.ack() == c.localIsn + 1) {
                    count("refused_by_peer");
                    fail(c);
                }
            }
            case SYN_RECEIVED -> {
                count("rst_in_handshake");
                finish(c, TcpConnection.State.CLOSED);
            }
            case ESTABLISHED -> {
                FlowView v = host.fastPath().view(c.slot);
                long offset = Integer.toUnsignedLong(rst.seq() - v.rxNextSeq());
                // RFC 5961 section 3: only a RST inside the receive window resets (blind resets stay out).
                if (offset <= Math.max(v.rxAvail(), 1)) {
                    count("resets_received");
                    c.reset = true;
                    removeFlow(c);
                    finish(c, TcpConnection.State.CLOSED);
                    c.context.post(new TcpEvent(TcpEvent.Type.RESET, c, null));
                } else {
                    count("rst_out_of_window");
                }
            }
            default -> count("rst_ignored"); // RFC 1337: TIME-WAIT ignores RST
        }
    }

    // ---------------------------------------------------------------- teardown, from the fast path's events

    void finReceived(TcpConnection c) {
        c.finReceived = true;
        c.context.post(new TcpEvent(TcpEvent.Type.PEER_CLOSED, c, null));
        closeIfDone(c);
    }

    void finAcknowledged(TcpConnection c) {
        if (!c.finReceived) {
            c.closedFirst = true;
        }
        c.finAcknowledged = true;
        closeIfDone(c);
    }

    private void closeIfDone(TcpConnection c) {
        if (!(c.finReceived && c.finAcknowledged) || c.state != TcpConnection.State.ESTABLISHED) {
            return;
        }
        FlowView v = host.fastPath().view(c.slot);
        c.timeWaitSeq = v.txNextSeq();
        c.timeWaitAck = v.rxNextSeq();
        removeFlow(c);
        if (c.closedFirst && config.timeWaitNanos() > 0) {
            c.state = TcpConnection.State.TIME_WAIT;
            startTimeWait(c);
            count("time_wait");
        } else {
            finish(c, TcpConnection.State.CLOSED);
        }
        count("closed");
        c.context.post(new TcpEvent(TcpEvent.Type.CLOSED, c, null));
        releaseIfDone(c);
    }

    private void removeFlow(TcpConnection c) {
        if (c.slot < 0) {
            return;
        }
        WriteResponse response = host.nic().runtime().write(WriteRequest.atomic(List.of(Update.delete(c.flow))));
        if (!response.allOk()) {
            throw new IllegalStateException("cannot remove the flow state of " + c + ": " + response.failures());
        }
        c.slot = -1;
        established.remove(c.index);
    }

    private void startTimeWait(TcpConnection c) {
        int generation = ++c.handshakeGeneration;
        host.loop().scheduleAfter(config.timeWaitNanos(), () -> {
            if (c.state == TcpConnection.State.TIME_WAIT && c.handshakeGeneration == generation) {
                finish(c, TcpConnection.State.CLOSED);
            }
        });
    }

    /** The connection is over for the slow path: out of the table; buffers back once the application released it. */
    private void finish(TcpConnection c, TcpConnection.State state) {
        removeFlow(c);
        c.state = state;
        c.handshakeGeneration++;
        if (state == TcpConnection.State.CLOSED) {
            connections.remove(key(c), c);
            List<TcpConnection> waiting = awaitingArp.get(c.remoteIp);
            if (waiting != null) {
                waiting.remove(c);
            }
        }
        releaseIfDone(c);
    }

    private void fail(TcpConnection c) {
        c.failed = true;
        finish(c, TcpConnection.State.CLOSED);
        c.context.post(new TcpEvent(TcpEvent.Type.OPEN_FAILED, c, null));
    }

    // ---------------------------------------------------------------- timers

    private void startHandshakeTimer(TcpConnection c) {
        int generation = ++c.handshakeGeneration;
        host.loop().scheduleAfter(config.handshakeTimeoutNanos(), () -> handshakeTimeout(c, generation));
    }

    private void handshakeTimeout(TcpConnection c, int generation) {
        if (c.handshakeGeneration != generation || !c.isOpening()) {
            return;
        }
        if (++c.handshakeRetries > config.handshakeRetries()) {
            count("handshake_timeouts");
            if (c.state == TcpConnection.State.SYN_RECEIVED) {
                finish(c, TcpConnection.State.CLOSED); // a half-open passive connection just goes away
            } else {
                fail(c);
            }
            host.dispatch();
            return;
        }
        count("handshake_retransmissions");
        switch (c.state) {
            case ARP -> sendArpRequest(c.remoteIp);
            case SYN_SENT -> sendSyn(c);
            case SYN_RECEIVED -> sendSynAck(c, c.localShift > 0 || c.peerShift > 0);
            default -> { }
        }
        startHandshakeTimer(c);
    }

    /**
     * Arms the control loop if a flow has bytes to send or unacknowledged. Idle flows need no
     * timer, so a simulation with nothing to do runs out of events (and a blocked wait says so)
     * instead of ticking forever; the application's writes and closes arm it again.
     */
    void scheduleControl() {
        if (controlScheduled || established.isEmpty()) {
            return;
        }
        boolean busy = false;
        for (TcpConnection c : established.values()) {
            if (c.slot >= 0 && host.fastPath().hasWork(c.slot)) {
                busy = true;
                break;
            }
        }
        if (busy) {
            controlScheduled = true;
            host.loop().scheduleAfter(config.controlIntervalNanos(), this::controlTick);
        }
    }

    /** One round of the control loop: every flow whose control interval ended. */
    private void controlTick() {
        controlScheduled = false;
        long now = host.now();
        for (TcpConnection c : new ArrayList<>(established.values())) {
            if (now >= c.nextControlNanos && c.slot >= 0) {
                control(c, now);
            }
        }
        host.pump();
        host.dispatch();
        scheduleControl();
    }

    private void control(TcpConnection c, long now) {
        FlowView v = host.fastPath().view(c.slot);
        int acked = v.ackedBytes() - c.lastAckedBytes;
        int ecn = v.ecnMarkedBytes() - c.lastEcnBytes;
        int drops = v.drops() - c.lastDrops;
        c.lastAckedBytes = v.ackedBytes();
        c.lastEcnBytes = v.ecnMarkedBytes();
        int rttMicros = v.rttMicros() > 0 ? v.rttMicros() : DEFAULT_RTT_MICROS;
        boolean outstanding = v.txSent() > 0;
        boolean progress = acked != 0 || v.acks() != c.lastAckCount;
        c.lastAckCount = v.acks();
        if (progress || !outstanding) {
            c.stalledIntervals = 0;
            c.lastProgressNanos = now;
        } else if (++c.stalledIntervals >= STALLED_INTERVALS && now - c.lastProgressNanos >= 2_000L * rttMicros) {
            // Retransmission timeout: TAS's go-back-N from the slow path.
            host.fastPath().retransmit(c.slot, now);
            c.retransmissionTimeouts++;
            c.stalledIntervals = 0;
            c.lastProgressNanos = now;
            count("retransmission_timeouts");
        }
        if (!outstanding && v.txAvail() > 0 && v.peerWindow() < Math.min(v.txAvail(), config.mss())) {
            // Waiting on a closed window; the peer's window update may have been lost.
            if (++c.stalledIntervals >= STALLED_INTERVALS) {
                host.fastPath().probe(c.slot, now);
                c.stalledIntervals = 0;
                count("window_probes");
            }
        }
        c.lastDrops = v.drops();
        long rate = c.congestionControl.update(new CongestionControl.Interval(now - c.intervalStartNanos,
                Integer.toUnsignedLong(acked), Integer.toUnsignedLong(ecn), drops, v.rttMicros(), v.txAvail() > 0));
        host.fastPath().setRate(c.slot, (int) Math.max(1, Math.min(Integer.MAX_VALUE, rate)));
        c.intervalStartNanos = now;
        c.nextControlNanos = now + Math.max(config.controlIntervalNanos(), 2_000L * rttMicros);
    }

    // ---------------------------------------------------------------- frames the slow path sends

    private void sendSyn(TcpConnection c) {
        int flags = TcpFlags.SYN | (config.ecn() ? TcpFlags.ECE | TcpFlags.CWR : 0);
        send(FrameBuilder.ethernet().src(config.mac()).dst(new MacAddress(c.remoteMac))
                .ipv4(new Ipv4Address(c.localIp), new Ipv4Address(c.remoteIp)).tcp(c.localPort, c.remotePort)
                .seq(c.localIsn).ack(0).flags(flags).window(Math.min(c.bufferBytes, 0xffff)).mss(config.mss() + 12)
                .windowScale(config.windowShift()).timestamps(timestamp(), 0).build());
    }

    private void sendSynAck(TcpConnection c, boolean scale) {
        FrameBuilder b = FrameBuilder.ethernet().src(config.mac()).dst(new MacAddress(c.remoteMac))
                .ipv4(new Ipv4Address(c.localIp), new Ipv4Address(c.remoteIp)).tcp(c.localPort, c.remotePort)
                .seq(c.localIsn).ack(c.remoteIsn + 1).flags(TcpFlags.SYN | TcpFlags.ACK | (c.ecn ? TcpFlags.ECE : 0))
                .window(Math.min(c.bufferBytes, 0xffff)).mss(config.mss() + 12).timestamps(timestamp(), c.peerTimestamp);
        if (scale) {
            b.windowScale(c.localShift);
        }
        send(b.build());
    }

    private void sendBare(TcpConnection c, int flags, int seq, int ack) {
        send(FrameBuilder.ethernet().src(config.mac()).dst(new MacAddress(c.remoteMac))
                .ipv4(new Ipv4Address(c.localIp), new Ipv4Address(c.remoteIp)).tcp(c.localPort, c.remotePort).seq(seq)
                .ack(ack).flags(flags).window(0).timestamps(timestamp(), c.peerTimestamp).build());
    }

    /** RFC 9293 section 3.10.7.1: the RST that answers a segment for no connection. */
    private void answerWithRst(long dstMac, int localIp, int remoteIp, TcpView seg, int segmentLength) {
        if ((seg.flags() & TcpFlags.ACK) != 0) {
            sendRst(dstMac, localIp, remoteIp, seg.dstPort(), seg.srcPort(), seg.ack(), 0, false);
        } else {
            int units = segmentLength + ((seg.flags() & TcpFlags.SYN) != 0 ? 1 : 0) + ((seg.flags() & TcpFlags.FIN) != 0 ? 1 : 0);
            sendRst(dstMac, localIp, remoteIp, seg.dstPort(), seg.srcPort(), 0, seg.seq() + units, true);
        }
    }

    private void sendRst(long dstMac, int localIp, int remoteIp, int localPort, int remotePort, int seq, int ack,
            boolean withAck) {
        send(FrameBuilder.ethernet().src(config.mac()).dst(new MacAddress(dstMac))
                .ipv4(new Ipv4Address(localIp), new Ipv4Address(remoteIp)).tcp(localPort, remotePort).seq(seq).ack(ack)
                .flags(TcpFlags.RST | (withAck ? TcpFlags.ACK : 0)).window(0).build());
        count("resets_sent");
    }

    private void sendArpRequest(int targetIp) {
        send(FrameBuilder.ethernet().src(config.mac()).dst(MacAddress.BROADCAST)
                .arpRequest(config.mac(), config.ip(), new Ipv4Address(targetIp)).build());
        count("arp_requests");
    }

    /** The host posts the frame to TX queue 0 and the NIC sends it. */
    private void send(byte[] frame) {
        if (!host.nic().post(0, QueueManager.NO_FLOW, frame)) {
            count("tx_ring_full");
            return;
        }
        host.nic().transmitReady();
    }

    /** The same clock the fast path stamps segments with: microseconds. */
    private int timestamp() {
        return (int) (host.now() / 1_000);
    }

    private static FlowKey key(TcpConnection c) {
        return new FlowKey(c.localIp, c.remoteIp, c.localPort, c.remotePort);
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }
}
