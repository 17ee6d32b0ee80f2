package io.nicplan.flexnic.backend;

import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.NetInterface;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.clock.EventLoop;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.FrameSink;
import io.nicplan.flexnic.link.LinkSettings;
import io.nicplan.flexnic.link.SimulatedLink;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.pipeline.PacketMetadata;
import io.nicplan.flexnic.tcp.ApplicationEvents;
import io.nicplan.flexnic.tcp.FastPathConfig;
import io.nicplan.flexnic.tcp.FlexTcpFastPath;
import io.nicplan.flexnic.tcp.SegmentReason;
import io.nicplan.flexnic.tcp.host.FlexTcpHost;
import io.nicplan.flexnic.tcp.host.HostConfig;
import io.nicplan.flexnic.tcp.host.TcpConnection;
import io.nicplan.flexnic.tcp.host.TcpContext;
import io.nicplan.flexnic.tcp.host.TcpListener;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Drives a plan's fast-path TCP flows as real connections through FlexTCP on the emulated NIC:
 * the NIC under test (programmed from the plan) gets a FlexTCP fast path and a host slow path
 * ({@link FlexTcpHost#onNic}) that listens on the flows' ports and, when a connection is
 * established, installs its flow state through the control path only if the plan has a fast-path
 * entry for it, naming the entry's queue as the context the NIC notifies. Each flow's source is a
 * peer {@link FlexTcpHost} (one per source address) behind a {@link SimulatedLink} (10 Gbit/s,
 * 5 us, no impairments) on the emulator's simulated clock; it connects from the flow's source port,
 * sends {@code bytes} seeded bytes and closes. Deterministic under the seed.
 *
 * <p>Per flow it reports the bytes delivered (and whether byte-exact), the segments the fast path
 * handled and those it handed to the slow path (the handshake), and the context the flow state named
 * against the plan's queue.
 */
public final class FlexTcpTraffic {
    /** Payload each connection carries by default: 64 KiB, 46 full segments. */
    public static final int DEFAULT_BYTES = 64 * 1024;
    private static final long LINK_BITS_PER_SECOND = 10_000_000_000L;
    private static final long LINK_DELAY_NANOS = 5_000;
    /** Simulated time the connections get: a clean 10 Gbit/s link needs well under a millisecond. */
    private static final long DEADLINE_NANOS = 2_000_000_000L;
    /** Time after the last byte arrived for the FIN exchanges to finish. */
    private static final long SETTLE_NANOS = 1_000_000L;
    /**
     * Host memory the connections' buffers may take on each side: 64 KiB each way per connection
     * (enough for a 10 Gbit/s, 10 us path), less when many connections share it, never below TAS's 8 KB.
     */
    private static final long BUFFER_BUDGET_BYTES = 256L << 20;
    private static final int MAX_BUFFER_BYTES = 64 * 1024;
    private static final int MIN_BUFFER_BYTES = 8 * 1024;
    private static final MacAddress FALLBACK_MAC = MacAddress.parse("02:00:00:00:00:01");

    private FlexTcpTraffic() {
    }

    /**
     * What one connection showed.
     *
     * @param flow the flow's id
     * @param plannedQueue the fast-path entry's queue (-1: the configuration disabled it)
     * @param context the context the flow state named (-1: no flow state was installed)
     * @param bytesSent bytes the peer wrote
     * @param bytesDelivered bytes the host read
     * @param byteExact whether every byte sent was read, in order and unchanged
     * @param fastPathSegments the flow's received segments the fast path handled
     * @param slowPathSegments the flow's received segments the fast path handed to the slow path (SYN, the handshake's ACK, ...)
     * @param matchesPlan byte-exact, and the context is the planned queue
     * @param problem why not, in words ("" when it matches)
     */
    public record ConnectionReport(String flow, int plannedQueue, int context, long bytesSent, long bytesDelivered,
                                   boolean byteExact, long fastPathSegments, long slowPathSegments, boolean matchesPlan,
                                   String problem) {
    }

    /**
     * An idle FlexTCP fast path for {@code emulator} (no flow state): what the NIC runs between
     * connections. Segments of unknown flows take the plan's slow-path steering, so a replayed frame
     * of a flow without flow state lands where the C-node's {@code default} port leads.
     */
    public static FlexTcpFastPath idleEngine(FlexNicEmulator emulator, FlexTcpPlan plan) {
        FlexTcpFastPath fast = new FlexTcpFastPath(new FastPathConfig(plan.flowSlots(), FALLBACK_MAC.value(),
                FastPathConfig.DEFAULT_MSS, 0), new byte[0], emulator::transmitFromNic, ApplicationEvents.NONE);
        fast.steerSlowPath(plan.steering());
        return fast;
    }

    /** The plan's connection for a TCP flow with a concrete IPv4 4-tuple, if it has one (FlexTCP here is IPv4 only). */
    public static Optional<FlexTcpPlan.Connection> connectionOf(Flow f, FlexTcpPlan plan) {
        if (f.proto() != Protocol.TCP || !f.src().isConcrete() || !f.dst().isConcrete() || f.src().ipv4().isEmpty()
                || f.dst().ipv4().isEmpty()) {
            return Optional.empty();
        }
        return plan.connection(f.src().ipv4().orElseThrow().bits(), f.dst().ipv4().orElseThrow().bits(),
                f.src().port().orElseThrow(), f.dst().port().orElseThrow());
    }

    /**
     * Drives every flow of {@code flows} that has a connection in {@code plan} (see the class
     * comment), starting at the emulator's present on its simulated clock.
     *
     * @return one report per driven flow, in {@code flows} order
     */
    public static List<ConnectionReport> drive(FlexNicEmulator emulator, FlexTcpPlan plan, ProtocolState state,
                                               List<Flow> flows, long seed, int bytes) {
        List<Flow> driven = flows.stream().filter(f -> connectionOf(f, plan).isPresent()).toList();
        if (driven.isEmpty()) {
            return List.of();
        }
        EventLoop loop = new EventLoop(emulator.clock());
        Set<Integer> localIps = new LinkedHashSet<>();
        driven.forEach(f -> localIps.add(f.dst().ipv4().orElseThrow().bits()));
        Ipv4Address first = new Ipv4Address(localIps.iterator().next());
        MacAddress mac = state.interfaceOf(first).map(NetInterface::mac).orElse(FALLBACK_MAC);
        int buffer = (int) Math.max(MIN_BUFFER_BYTES, Math.min(MAX_BUFFER_BYTES, BUFFER_BUDGET_BYTES / (2L * driven.size())));
        HostConfig hostConfig = HostConfig.defaults(first, mac).withSlots(plan.flowSlots(), driven.size())
                .withBufferBytes(buffer).withSeed(seed);
        FlexTcpHost host = FlexTcpHost.onNic(hostConfig, loop, emulator);
        localIps.forEach(ip -> host.addAddress(new Ipv4Address(ip)));
        host.fastPath().steerSlowPath(plan.steering());
        host.admit(plan::contextOf);
        SegmentCounts counts = new SegmentCounts();
        host.fastPath().observe(counts::count);

        TcpContext server = host.newContext();
        Map<Integer, TcpListener> listeners = new LinkedHashMap<>();
        driven.forEach(f -> listeners.computeIfAbsent(f.dst().port().orElseThrow(), server::listen));

        // One peer per source address, each behind its own pair of links; the NIC's port is a small switch.
        LinkSettings link = LinkSettings.ideal(LINK_BITS_PER_SECOND, LINK_DELAY_NANOS).withSeed(seed);
        Map<Integer, FlexTcpHost> peers = new LinkedHashMap<>();
        Map<Long, SimulatedLink> toPeer = new HashMap<>();
        Map<Integer, Integer> flowsPerSource = new HashMap<>();
        driven.forEach(f -> flowsPerSource.merge(f.src().ipv4().orElseThrow().bits(), 1, Integer::sum));
        for (Flow f : driven) {
            int src = f.src().ipv4().orElseThrow().bits();
            if (peers.containsKey(src)) {
                continue;
            }
            MacAddress peerMac = new MacAddress(0x02_00_00_00_fe_00L + peers.size() + 1);
            int connections = flowsPerSource.get(src);
            FlexTcpHost peer = new FlexTcpHost(HostConfig.defaults(new Ipv4Address(src), peerMac).withSlots(connections, connections)
                    .withBufferBytes(buffer).withSeed(seed + peers.size() + 1), loop);
            SimulatedLink in = new SimulatedLink(loop, link, (frame, offset, length, t) -> host.receive(frame, offset, length));
            peer.connectWire(in);
            toPeer.put(peerMac.value(), new SimulatedLink(loop, link.withSeed(seed + 1),
                    (frame, offset, length, t) -> peer.receive(frame, offset, length)));
            peers.put(src, peer);
        }
        FrameSink fabric = (frame, offset, length, t) -> {
            long dst = Bytes.u48(frame, offset);
            if (dst == MacAddress.BROADCAST.value()) {
                toPeer.values().forEach(l -> l.accept(frame, offset, length, t));
            } else {
                SimulatedLink l = toPeer.get(dst);
                if (l != null) {
                    l.accept(frame, offset, length, t);
                }
            }
        };
        host.connectWire(fabric);

        List<Transfer> transfers = new ArrayList<>();
        Map<List<Integer>, Transfer> byRemote = new HashMap<>();
        for (int i = 0; i < driven.size(); i++) {
            Flow f = driven.get(i);
            byte[] data = new byte[bytes];
            new Random(seed * 31 + i).nextBytes(data);
            FlexTcpHost peer = peers.get(f.src().ipv4().orElseThrow().bits());
            TcpConnection client = peer.newContext().connect(f.dst().ipv4().orElseThrow(), f.dst().port().orElseThrow(),
                    f.src().port().orElseThrow());
            Transfer t = new Transfer(f, connectionOf(f, plan).orElseThrow(), data, client);
            transfers.add(t);
            byRemote.put(List.of(f.src().ipv4().orElseThrow().bits(), f.src().port().orElseThrow()), t);
        }

        long deadline = loop.clock().nanos() + DEADLINE_NANOS;
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try {
            while (loop.clock().nanos() < deadline) {
                for (TcpListener l : listeners.values()) {
                    Optional<TcpConnection> accepted;
                    while ((accepted = l.accept()).isPresent()) {
                        TcpConnection s = accepted.get();
                        Transfer t = byRemote.get(List.of(s.remoteAddress().bits(), s.remotePort()));
                        if (t != null) {
                            t.server = s;
                            t.context = s.flowContext();
                        } else {
                            s.close();
                        }
                    }
                }
                boolean allDone = true;
                for (Transfer t : transfers) {
                    t.step(chunk);
                    allDone &= t.done();
                }
                if (allDone) {
                    loop.runUntil(loop.clock().nanos() + SETTLE_NANOS);
                    break;
                }
                if (loop.runAll(1) == 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while driving FlexTCP connections", e);
        }
        Map<String, Long> slowPath = host.slowPathCounters();
        List<ConnectionReport> out = new ArrayList<>();
        for (Transfer t : transfers) {
            long[] c = counts.of(t.connection);
            out.add(t.report(c[0], c[1], slowPath));
        }
        return out;
    }

    /** Per connection (by the 4-tuple of its received segments): segments on the fast path, and handed over. */
    private static final class SegmentCounts {
        private final Map<List<Integer>, long[]> byTuple = new HashMap<>();

        void count(PacketMetadata m, SegmentReason reason) {
            List<Integer> key = List.of((int) m.field(HeaderField.IP_SRC), (int) m.field(HeaderField.IP_DST),
                    (int) m.field(HeaderField.L4_SPORT), (int) m.field(HeaderField.L4_DPORT));
            long[] c = byTuple.computeIfAbsent(key, k -> new long[2]);
            if (reason.verdict() == SegmentReason.Verdict.FAST_PATH) {
                c[0]++;
            } else if (reason.verdict() == SegmentReason.Verdict.SLOW_PATH) {
                c[1]++;
            }
        }

        long[] of(FlexTcpPlan.Connection c) {
            return byTuple.getOrDefault(List.of(c.srcIp(), c.dstIp(), c.srcPort(), c.dstPort()), new long[2]);
        }
    }

    /** One flow's connection: the peer writes, the host reads. */
    private static final class Transfer {
        final Flow flow;
        final FlexTcpPlan.Connection connection;
        final byte[] data;
        final byte[] received;
        final TcpConnection client;
        TcpConnection server;
        int context = -1;
        int written;
        int read;
        boolean corrupt;
        boolean endOfStream;

        Transfer(Flow flow, FlexTcpPlan.Connection connection, byte[] data, TcpConnection client) {
            this.flow = flow;
            this.connection = connection;
            this.data = data;
            this.received = new byte[data.length];
            this.client = client;
        }

        void step(ByteBuffer chunk) {
            if (client.isOpen() && written < data.length && client.writable() > 0) {
                written += client.write(ByteBuffer.wrap(data, written, data.length - written));
                if (written == data.length) {
                    client.shutdownOutput();
                }
            }
            if (server == null || endOfStream) {
                return;
            }
            int n;
            while ((n = server.read(chunk.clear())) > 0) {
                int fits = Math.max(0, Math.min(n, received.length - read));
                System.arraycopy(chunk.array(), 0, received, read, fits);
                corrupt |= fits < n;
                read += n;
            }
            if (n < 0) {
                endOfStream = true;
                server.close();
            }
        }

        boolean done() {
            return endOfStream || client.isFailed() || client.isClosed() && server == null;
        }

        ConnectionReport report(long fast, long slow, Map<String, Long> slowPath) {
            boolean exact = !corrupt && endOfStream && read == data.length && Arrays.equals(received, data);
            boolean matches = exact && context >= 0 && context == connection.queue();
            String problem = "";
            if (server == null) {
                problem = "the connection was not established (slow path: " + slowPath + ")";
            } else if (!exact) {
                problem = "delivered " + read + " of " + data.length + " bytes" + (corrupt || read == data.length ? ", not byte-exact" : "");
            } else if (!matches) {
                problem = "flow state names context " + context + ", the plan queue " + connection.queue();
            }
            return new ConnectionReport(flow.id(), connection.queue(), context, written, read, exact, fast, slow, matches,
                    problem);
        }
    }
}
