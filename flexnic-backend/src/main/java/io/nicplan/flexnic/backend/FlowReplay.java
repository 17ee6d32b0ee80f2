package io.nicplan.flexnic.backend;

import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.NetInterface;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;

/**
 * Builds real frames for flows and pushes them through an emulator, saying where each went.
 * Frames carry valid IPv4 and TCP/UDP checksums; TCP segments are ACKs of an established
 * connection (as the embedder's flow packets are), each continuing the stream where the last
 * one's data ended; payloads are {@link #payload}. A wildcard field is filled deterministically
 * from the flow's index and the frame's number: a source address in 10.200.0.0/16, ports from
 * 1024 up, a destination address of the host's first interface. Any value satisfies a wildcard,
 * so every frame is a packet of its flow.
 */
public final class FlowReplay {
    /** Peer MAC address frames come from (locally administered). */
    public static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:ff:01");
    private static final MacAddress FALLBACK_MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final long FRAME_GAP_NANOS = 1_000;
    private static final int ETH_IP = 14 + 20;

    private FlowReplay() {
    }

    /** Where one frame of a flow went: an RX queue, or a drop with its reason (queue -1). */
    public record Delivery(int queue, String fate, Optional<String> dropReason) {
        /** Text for reports: the queue number, or {@code drop:REASON}. */
        public String describe() {
            return dropReason.map(r -> "drop:" + r).orElseGet(() -> queue >= 0 ? Integer.toString(queue) : fate.toLowerCase());
        }
    }

    /** The frame number {@code n} of flow number {@code index} of {@code state}. */
    public static byte[] frame(ProtocolState state, Flow f, int index, int n) {
        int salt = index * 31 + n;
        if (f.src().version() == 6 || f.dst().version() == 6) {
            return ipv6Frame(state, f, salt, n);
        }
        String src = f.src().ipv4().map(Ipv4Address::toString)
                .orElse("10.200." + ((salt >> 8) & 0xFF) + "." + (1 + (salt & 0x7F)));
        String dst = f.dst().ipv4().or(() -> state.interfaces().stream().flatMap(i -> i.addresses().stream()).findFirst())
                .map(Ipv4Address::toString).orElse("10.0.0.1");
        int sport = f.src().port().orElse(1024 + (salt * 7919) % 60_000);
        int dport = f.dst().port().orElse(1024 + (salt * 104_729) % 60_000);
        MacAddress dstMac = f.dst().ipv4().flatMap(state::interfaceOf).map(NetInterface::mac)
                .map(m -> MacAddress.parse(m.toString())).orElse(FALLBACK_MAC);
        FrameBuilder b = FrameBuilder.ethernet().src(PEER_MAC).dst(dstMac).ipv4(src, dst);
        int l4 = f.proto() == Protocol.TCP ? 20 : 8;
        int payload = Math.max(0, Math.min(1500 - 20 - l4, f.bytesPerPacket() - ETH_IP - l4));
        if (f.proto() == Protocol.TCP) {
            // Consecutive segments of one stream: each starts where the previous one's data ended.
            b.tcp(sport, dport).flags(0x10).seq(1 + n * payload).ack(1);
        } else {
            b.udp(sport, dport);
        }
        if (f.key().isPresent()) {
            return b.payload(memcachedGet(f.key().get(), f.proto() == Protocol.UDP, n)).build();
        }
        return b.payload(payload(payload, n)).build();
    }

    /**
     * A memcached binary-protocol GET request for {@code key} (its "Request header": magic 0x80,
     * opcode 0x00, key length, no extras, total body = the key, opaque = the frame number), over
     * UDP behind memcached's 8-byte frame header (request id = the frame number, sequence 0, one
     * datagram).
     */
    public static byte[] memcachedGet(String key, boolean udp, int n) {
        byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int frameHeader = udp ? 8 : 0;
        byte[] data = new byte[frameHeader + 24 + k.length];
        if (udp) {
            Bytes.setU16(data, 0, (n + 1) & 0xFFFF);
            Bytes.setU16(data, 2, 0);
            Bytes.setU16(data, 4, 1);
        }
        int h = frameHeader;
        data[h] = (byte) 0x80;
        data[h + 1] = 0x00;
        Bytes.setU16(data, h + 2, k.length);
        Bytes.setU32(data, h + 8, k.length);
        Bytes.setU32(data, h + 12, n + 1);
        System.arraycopy(k, 0, data, h + 24, k.length);
        return data;
    }

    /**
     * An IPv6 frame of a flow (RFC 8200, no extension headers): wildcards filled in as for IPv4, a source from
     * 2001:db8:ffff::/48 (RFC 3849 documentation space) and the host's first IPv6 address as destination.
     */
    private static byte[] ipv6Frame(ProtocolState state, Flow f, int salt, int n) {
        Ipv6Address src = f.src().ipv6().orElse(Ipv6Address.ofWords(0x20010db8L, 0xffff0000L, 0, 1 + (salt & 0xffff)));
        Ipv6Address dst = f.dst().ipv6().or(() -> state.interfaces().stream().flatMap(i -> i.ipv6Addresses().stream())
                .findFirst()).orElse(Ipv6Address.parse("2001:db8::1"));
        int sport = f.src().port().orElse(1024 + (salt * 7919) % 60_000);
        int dport = f.dst().port().orElse(1024 + (salt * 104_729) % 60_000);
        MacAddress dstMac = state.interfaceOf(dst).map(NetInterface::mac).orElse(FALLBACK_MAC);
        FrameBuilder b = FrameBuilder.ethernet().src(PEER_MAC).dst(dstMac).ipv6(src, dst);
        int l4 = f.proto() == Protocol.TCP ? 20 : 8;
        int payload = Math.max(0, Math.min(1500 - 40 - l4, f.bytesPerPacket() - ETH_IP6 - l4));
        if (f.proto() == Protocol.TCP) {
            b.tcp(sport, dport).flags(0x10).seq(1 + n * payload).ack(1);
        } else {
            b.udp(sport, dport);
        }
        return b.payload(payload(payload, n)).build();
    }

    /** Ethernet and IPv6 header bytes. */
    private static final int ETH_IP6 = 14 + 40;

    /**
     * A payload of zeros stamped with the frame's number (n + 1) in its first two bytes, as
     * traffic generators stamp a sequence number. Zeros leave an application dissector an empty,
     * well-formed message where one is expected by port (a DNS header with no questions, say),
     * and the stamp keeps successive frames of a flow distinct (no DNS "retransmission").
     */
    static byte[] payload(int length, int n) {
        byte[] data = new byte[length];
        if (length >= 2) {
            Bytes.setU16(data, 0, (n + 1) & 0xFFFF);
        }
        return data;
    }

    /**
     * Sends {@code framesPerFlow} frames of every flow, flows interleaved, 1 us apart on the simulated
     * clock; the host takes every delivered frame at once, so only the NIC's decisions drop frames.
     *
     * @return per flow (in {@code flows} order) where its frames went
     */
    public static List<List<Delivery>> replay(FlexNicEmulator emulator, SimulatedClock clock, ProtocolState state,
                                              List<Flow> flows, int framesPerFlow) {
        List<List<Delivery>> out = new ArrayList<>();
        flows.forEach(f -> out.add(new ArrayList<>()));
        for (int n = 0; n < framesPerFlow; n++) {
            for (int i = 0; i < flows.size(); i++) {
                clock.advanceTo(clock.nanos() + FRAME_GAP_NANOS);
                out.get(i).add(deliver(emulator, frame(state, flows.get(i), i, n)));
            }
        }
        return out;
    }

    /** Frames a flow sends in {@code duration} at its packet rate: at least one, at most {@code maxPerFlow}. */
    public static long packets(Flow f, Duration duration, int maxPerFlow) {
        double n = Math.floor(f.packetsPerSecond() * (duration.toNanos() / 1e9));
        return Math.max(1, Math.min(maxPerFlow, (long) n));
    }

    /**
     * Sends every flow's frames at its own rate for {@code duration} of simulated time ({@link #packets}
     * frames, evenly spaced, starting 1 ms after the clock's present), all flows interleaved in time
     * order (ties by flow order); the host takes every delivered frame at once.
     *
     * @return per flow (in {@code flows} order) where its frames went
     */
    public static List<List<Delivery>> paced(FlexNicEmulator emulator, SimulatedClock clock, ProtocolState state,
                                             List<Flow> flows, Duration duration, int maxPerFlow) {
        record Next(int flow, long nanos, int n) {
        }
        long start = clock.nanos() + 1_000_000L;
        long[] total = new long[flows.size()];
        long[] interval = new long[flows.size()];
        PriorityQueue<Next> schedule = new PriorityQueue<>((a, b) -> a.nanos() != b.nanos()
                ? Long.compare(a.nanos(), b.nanos()) : Integer.compare(a.flow(), b.flow()));
        List<List<Delivery>> out = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            total[i] = packets(f, duration, maxPerFlow);
            interval[i] = f.packetsPerSecond() > 0 ? Math.max(1, (long) (1e9 / f.packetsPerSecond())) : 1_000_000L;
            out.add(new ArrayList<>());
            schedule.add(new Next(i, start, 0));
        }
        long sent = 0;
        while (!schedule.isEmpty()) {
            // A replay can be millions of frames: the service stops one whose request was abandoned by
            // interrupting its thread (checked every 1,024 frames, a few hundred microseconds apart).
            if ((++sent & 1023) == 0 && Thread.currentThread().isInterrupted()) {
                throw new CancellationException("replay stopped after " + sent + " frames: its thread was interrupted");
            }
            Next next = schedule.poll();
            if (next.nanos() > clock.nanos()) {
                clock.advanceTo(next.nanos());
            }
            out.get(next.flow()).add(deliver(emulator, frame(state, flows.get(next.flow()), next.flow(), next.n())));
            if (next.n() + 1 < total[next.flow()]) {
                schedule.add(new Next(next.flow(), next.nanos() + interval[next.flow()], next.n() + 1));
            }
        }
        return out;
    }

    private static Delivery deliver(FlexNicEmulator emulator, byte[] frame) {
        PacketOutcome o = emulator.receive(frame);
        int queue = o.queue();
        if (queue >= 0) {
            emulator.rxQueue(queue).drain();
        } else if (o.dmaRing() >= 0) {
            // a record of chosen fields DMAed into the application queue's ring (NicCompiler#deliveryName)
            String ring = emulator.program().dmaRings().get(o.dmaRing()).name();
            emulator.dmaRing(ring).drain();
            queue = NicCompiler.queueOfDeliveryRing(ring);
        }
        return new Delivery(queue, o.fate().name(),
                o.dropped() ? Optional.of(o.dropReason().name().toLowerCase()) : Optional.empty());
    }
}
