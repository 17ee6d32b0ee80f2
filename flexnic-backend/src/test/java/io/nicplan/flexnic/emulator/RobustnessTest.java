package io.nicplan.flexnic.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.host.HostRing;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.flexnic.pipeline.DropReason;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.EntrySyntax;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated frames (bit flips, truncation, length-field lies, wrong checksums,
 * random bytes) through a configured pipeline: nothing throws, every frame is delivered or
 * dropped with a reason, and the counters add up exactly.
 */
class RobustnessTest {

    private static final int FRAMES = 120_000;

    @Test
    void mutatedFramesNeverThrowAndEveryFrameIsAccountedFor() {
        FlexNicEmulator nic = configuredNic();
        Random random = new Random(20240605L);
        List<byte[]> seeds = seedFrames(random);
        Map<DropReason, Long> dropsSeen = new EnumMap<>(DropReason.class);
        long delivered = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            PacketOutcome outcome = nic.receive(frame);
            if (outcome.dropped()) {
                assertThat(outcome.dropReason()).isNotNull();
                dropsSeen.merge(outcome.dropReason(), 1L, Long::sum);
            } else {
                delivered++;
            }
            if (i % 50 == 0) {
                for (int q = 0; q < 4; q++) {
                    nic.rxQueue(q).drain();
                }
                nic.dmaRing("app").drain();
            }
        }

        NicCounters c = nic.counters();
        assertThat(c.rxFrames()).isEqualTo(FRAMES);
        assertThat(c.delivered() + c.totalDrops()).isEqualTo(c.rxFrames());
        assertThat(c.delivered()).isEqualTo(delivered);
        assertThat(c.drops()).isEqualTo(dropsSeen);
        assertThat(c.perQueue().stream().mapToLong(Long::longValue).sum()).isEqualTo(c.toQueues());
        // The mutations reach every parser check and the delivery paths.
        assertThat(c.drops().keySet()).contains(DropReason.TRUNCATED, DropReason.BAD_VERSION, DropReason.BAD_LENGTH,
                DropReason.BAD_IP_CHECKSUM, DropReason.BAD_L4_CHECKSUM, DropReason.UNSUPPORTED_ETHERTYPE,
                DropReason.TABLE_DROP, DropReason.RATE_LIMITED, DropReason.FAST_PATH_DROP, DropReason.OVERSIZE);
        assertThat(c.toQueues()).isPositive();
        assertThat(c.toDma()).isPositive();
        assertThat(c.toFastPath()).isPositive();
        // Per table, entry and default counters add up to the frames the parser accepted.
        long parsed = FRAMES - parserDrops(c);
        for (String table : List.of("classify", "acl", "routes")) {
            long sum = nic.runtime().readDefaultCounter(table).packets()
                    + nic.runtime().readEntries(table).stream().mapToLong(e -> e.counter().packets()).sum();
            assertThat(sum).as("packets counted by table %s", table).isEqualTo(parsed);
        }
    }

    /**
     * A 3-stage program with every kind of fate (queue, DMA, fast path, rate class, RSS, drop),
     * entries installed, small RX rings so that ring-full drops happen too.
     */
    private static FlexNicEmulator configuredNic() {
        FlexNicProgram program = FlexNicProgram.builder().rxQueues(4)
                // an _ex type, so the mutated Home Address options and type-2 routing headers reach the hash too
                .rss(RssContextSpec.roundRobin("all", RssHashType.IP_L4_EX, 128, 4))
                .dmaRing("app", 8, 64)
                .rateClass("slow", 1_000_000, 3000)
                .counter("seen")
                .table("classify", 0, 64, ActionSpec.NO_ACTION, KeyField.exact(HeaderField.IP_PROTO), KeyField.exact(HeaderField.L4_DPORT))
                .table("acl", 1, 64, EntrySyntax.parseAction("count(seen)"), KeyField.ternary(HeaderField.IP_SRC), KeyField.ternary(HeaderField.TCP_FLAGS))
                .table("routes", 2, 64, ActionSpec.rss("all"), KeyField.lpm(HeaderField.IP_DST), KeyField.exact(HeaderField.VLAN_ID))
                .build();
        // Small rings so that ring-full drops happen too.
        FlexNicEmulator nic = new FlexNicEmulator(program, EmulatorConfig.DEFAULT.withRxRingSize(64), new SimulatedClock(0));
        int[] engineCalls = {0};
        nic.attachFastPath((frame, offset, length, metadata, now) -> {
            engineCalls[0]++;
            return switch (engineCalls[0] % 3) {
                case 0 -> FastPathEngine.CONSUMED;
                case 1 -> FastPathEngine.DROPPED;
                default -> 2;
            };
        });
        WriteResponse setup = nic.runtime().write(WriteRequest.atomic(List.of(
                insert("classify ip.proto=tcp l4.dport=80 => queue(1)"),
                insert("classify ip.proto=udp l4.dport=53 => dma(app: ip.src, l4.sport, payload)"),
                insert("classify ip.proto=tcp l4.dport=5001 => fastpath"),
                insert("classify ip.proto=udp l4.dport=9 => rate(slow) queue(3)"),
                insert("acl ip.src=10.66.0.0&&&255.255.0.0 priority 10 => drop"),
                insert("acl tcp.flags=0x02&&&0x02 priority 5 => mark(0x1)"),
                insert("routes ip.dst=10.0.0.0/8 vlan.id=0 => queue(2)"),
                insert("routes ip.dst=10.0.1.0/24 vlan.id=0 => queue(0)"))));
        assertThat(setup.allOk()).as(setup.failures()).isTrue();

        return nic;
    }

    @Test
    void thePacketPathAllocatesNothing() {
        // The emulator's receive path (parse, tables, fate, delivery into rings, DMA records, the
        // fast-path hand-off) must not allocate per frame: JMH's gc profiler shows 0 B/op on the
        // benchmark's frames, this holds it for every kind of frame and drop.
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof ThreadMXBean t && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled(),
                "no per-thread allocation counter");
        ThreadMXBean threads = (ThreadMXBean) bean;
        FlexNicEmulator nic = configuredNic();
        Random random = new Random(7);
        List<byte[]> seeds = seedFrames(random);
        byte[][] frames = new byte[20_000][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = mutate(seeds.get(random.nextInt(seeds.size())), random);
        }
        receiveAll(nic, frames); // first pass: class loading, lambda forms, JIT compilation
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int pass = 0; pass < 5; pass++) {
            receiveAll(nic, frames);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One object per frame would be at least 16 bytes x 100,000 frames; allow well under a byte per frame.
        assertThat(allocated).as("bytes allocated for %d frames", 5 * frames.length).isLessThan(5L * frames.length / 10);
        assertThat(nic.counters().rxFrames()).isEqualTo(6L * frames.length);
        assertThat(nic.counters().toDma()).isPositive();
        assertThat(nic.counters().toFastPath()).isPositive();
        assertThat(nic.counters().drops(DropReason.BAD_L4_CHECKSUM)).isPositive();
    }

    /** Receives every frame; the host empties its rings every 50 frames through references it holds. */
    private static void receiveAll(FlexNicEmulator nic, byte[][] frames) {
        HostRing[] rings = {nic.rxQueue(0), nic.rxQueue(1), nic.rxQueue(2), nic.rxQueue(3), nic.dmaRing("app")};
        for (int i = 0; i < frames.length; i++) {
            nic.receive(frames[i]);
            if (i % 50 == 0) {
                for (HostRing ring : rings) {
                    ring.drain();
                }
            }
        }
    }

    private static long parserDrops(NicCounters c) {
        long sum = 0;
        for (DropReason r : List.of(DropReason.TRUNCATED, DropReason.OVERSIZE, DropReason.BAD_VERSION, DropReason.BAD_LENGTH,
                DropReason.BAD_IP_CHECKSUM, DropReason.BAD_L4_CHECKSUM, DropReason.BAD_ARP, DropReason.UNSUPPORTED_ETHERTYPE,
                DropReason.BAD_IPV6_EXTENSIONS)) {
            sum += c.drops(r);
        }
        return sum;
    }

    private static Update insert(String text) {
        List<String> t = EntrySyntax.splitTopLevel(text);
        int arrow = t.indexOf("=>");
        int priority = 0;
        List<io.nicplan.flexnic.program.FieldMatch> matches = new ArrayList<>();
        for (int i = 1; i < arrow; i++) {
            if (t.get(i).equals("priority")) {
                priority = Integer.parseInt(t.get(++i));
            } else {
                matches.add(EntrySyntax.parseMatch(t.get(i)));
            }
        }
        return Update.insert(new TableEntry(t.get(0), matches, priority,
                EntrySyntax.parseAction(String.join(" ", t.subList(arrow + 1, t.size())))));
    }

    private static List<byte[]> seedFrames(Random random) {
        List<byte[]> seeds = new ArrayList<>();
        String[] sources = {"10.66.1.2", "10.0.0.9", "192.168.1.1"};
        String[] destinations = {"10.0.1.5", "10.3.0.1", "172.16.0.1"};
        for (String src : sources) {
            for (String dst : destinations) {
                seeds.add(FrameBuilder.ethernet().ipv4(src, dst).tcp(40000, 80).flags(TcpFlags.SYN).mss(1460).timestamps(1, 0).build());
                seeds.add(FrameBuilder.ethernet().ipv4(src, dst).tcp(40000, 5001).payloadLength(random.nextInt(200)).build());
                seeds.add(FrameBuilder.ethernet().ipv4(src, dst).udp(5000, 53).payloadLength(random.nextInt(100)).build());
                seeds.add(FrameBuilder.ethernet().ipv4(src, dst).udp(5000, 9).payloadLength(500).build());
                seeds.add(FrameBuilder.ethernet().ipv4(src, dst).icmpEcho(1, 2).payloadLength(32).build());
                seeds.add(FrameBuilder.ethernet().vlan(5).ipv4(src, dst).tcp(1, 443).build());
            }
        }
        seeds.add(FrameBuilder.ethernet().arpRequest(io.nicplan.net.MacAddress.parse("02:00:00:00:00:07"),
                io.nicplan.net.Ipv4Address.parse("10.0.0.7"), io.nicplan.net.Ipv4Address.parse("10.0.0.1")).build());
        seeds.add(FrameBuilder.ethernet().etherType(0x86dd).payloadLength(80).build());
        // IPv6 with and without extension headers (hop-by-hop, routing, atomic fragment, destination options).
        String[] sources6 = {"2001:db8::2", "fe80::200:f8ff:fe21:67cf"};
        for (String src : sources6) {
            String dst = "2001:db8::1";
            seeds.add(FrameBuilder.ethernet().ipv6(src, dst).tcp(40000, 80).flags(TcpFlags.SYN).mss(1440).build());
            seeds.add(FrameBuilder.ethernet().ipv6(src, dst).extensionHeader(0).extensionHeader(60)
                    .udp(5000, 53).payloadLength(random.nextInt(100)).build());
            seeds.add(FrameBuilder.ethernet().ipv6(src, dst).extensionHeader(43).extensionHeader(44)
                    .tcp(40000, 5001).payloadLength(random.nextInt(200)).build());
            seeds.add(FrameBuilder.ethernet().ipv6(src, "ff02::1:ff00:1").icmp(135, 0, 0).payloadLength(24).build());
            seeds.add(FrameBuilder.ethernet().vlan(6).ipv6(src, dst).udp(5000, 9).payloadLength(300).build());
            // Mobile IPv6 (RFC 6275): a Home Address option, a type-2 routing header, both
            seeds.add(FrameBuilder.ethernet().ipv6(src, dst).homeAddressOption(io.nicplan.net.Ipv6Address.parse("2001:db8:1::5"))
                    .udp(5000, 53).payloadLength(random.nextInt(100)).build());
            seeds.add(FrameBuilder.ethernet().ipv6(src, dst).type2RoutingHeader(io.nicplan.net.Ipv6Address.parse("2001:db8::9"))
                    .homeAddressOption(io.nicplan.net.Ipv6Address.parse("2001:db8:1::5")).tcp(40000, 80).build());
        }
        return seeds;
    }

    /** One random mutation (or none): what a broken link, a buggy peer or an attacker could send. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] f = seed.clone();
        int l3 = f.length >= 14 && (f[12] & 0xff) == 0x81 ? 18 : 14;
        switch (random.nextInt(12)) {
            case 0 -> {
                return f; // unchanged
            }
            case 1 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(f.length * 8);
                    f[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return f;
            }
            case 2 -> {
                return Arrays.copyOf(f, random.nextInt(f.length + 1));
            }
            case 3 -> {
                // IPv4 total length lie.
                if (f.length > l3 + 4) {
                    int v = random.nextInt(0x10000);
                    f[l3 + 2] = (byte) (v >>> 8);
                    f[l3 + 3] = (byte) v;
                }
                return f;
            }
            case 4 -> {
                // IHL lie.
                if (f.length > l3) {
                    f[l3] = (byte) ((f[l3] & 0xf0) | random.nextInt(16));
                }
                return f;
            }
            case 5 -> {
                // UDP length or TCP data offset lie.
                int l4 = l3 + 20;
                if (f.length > l4 + 13) {
                    f[l4 + 4] = (byte) random.nextInt(256);
                    f[l4 + 12] = (byte) random.nextInt(256);
                }
                return f;
            }
            case 6 -> {
                // Wrong IPv4 checksum.
                if (f.length > l3 + 11) {
                    f[l3 + 10] ^= (byte) (1 + random.nextInt(255));
                }
                return f;
            }
            case 7 -> {
                // Wrong byte somewhere in L4 (header or payload): an L4 checksum failure.
                if (f.length > l3 + 21) {
                    int at = l3 + 20 + random.nextInt(f.length - l3 - 20);
                    f[at] ^= (byte) (1 + random.nextInt(255));
                }
                return f;
            }
            case 8 -> {
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                return noise;
            }
            case 9 -> {
                // Version lie.
                if (f.length > l3) {
                    f[l3] = (byte) ((random.nextInt(16) << 4) | (f[l3] & 0x0f));
                }
                return f;
            }
            case 10 -> {
                return Arrays.copyOf(f, f.length + random.nextInt(1600));
            }
            default -> {
                // Random EtherType.
                if (f.length > 13) {
                    f[12] = (byte) random.nextInt(256);
                    f[13] = (byte) random.nextInt(256);
                }
                return f;
            }
        }
    }
}
