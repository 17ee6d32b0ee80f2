package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.NetInterface;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drives flows through an emulator on its simulated clock and compares, per flow, the queue the
 * plan predicted with the queues the packets reached. Each flow sends {@code pps × duration}
 * packets (at least one, at most the per-flow cap) evenly spaced, interleaved with the other
 * flows in time order; wildcard fields take seeded random values per packet; the host consumes
 * every queue at once, so the only drops are the NIC's own decisions.
 */
final class TrafficReplay {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int ETH_IP = 14 + 20;

    /** What the plan says about one flow: its mechanism and queue (empty: spread by RSS). */
    record Prediction(String mechanism, Optional<Integer> queue, boolean fastPath) {
    }

    /** One flow's packet schedule. */
    private record Next(int flow, long nanos, int index) {
    }

    private TrafficReplay() {
    }

    /** Predictions from a plan's placements, by flow id. */
    static Map<String, Prediction> predictions(JsonNode plan) {
        Map<String, Prediction> out = new LinkedHashMap<>();
        for (JsonNode p : plan.path("placements")) {
            JsonNode q = p.path("queue");
            out.put(p.path("flow").asText(), new Prediction(p.path("mechanism").asText(),
                    q.isNumber() ? Optional.of(q.asInt()) : Optional.empty(), p.path("fastPath").asBoolean()));
        }
        return out;
    }

    /** Number of packets each flow sends. */
    static long packets(Flow f, Duration duration, int maxPerFlow) {
        double n = Math.floor(f.packetsPerSecond() * duration.toNanos() / 1e9);
        return Math.max(1, Math.min(maxPerFlow, (long) n));
    }

    static ObjectNode run(EmulatorInstance emulator, ProtocolState state, List<Flow> flows,
                          Map<String, Prediction> predicted, Duration duration, int maxPerFlow, long seed) {
        Random random = new Random(seed);
        int n = flows.size();
        long[] total = new long[n];
        long[] interval = new long[n];
        List<Map<Integer, Long>> queues = new ArrayList<>();
        List<Map<String, Long>> drops = new ArrayList<>();
        long[] fastPath = new long[n];
        byte[][] fixed = new byte[n][];
        PriorityQueue<Next> schedule = new PriorityQueue<>((a, b) -> a.nanos() != b.nanos()
                ? Long.compare(a.nanos(), b.nanos()) : Integer.compare(a.flow(), b.flow()));
        for (int i = 0; i < n; i++) {
            Flow f = flows.get(i);
            total[i] = packets(f, duration, maxPerFlow);
            interval[i] = f.packetsPerSecond() > 0 ? (long) (1e9 / f.packetsPerSecond()) : 1_000_000L;
            queues.add(new TreeMap<>());
            drops.add(new TreeMap<>());
            if (f.isConcrete()) {
                fixed[i] = frame(state, f, random);
            }
            schedule.add(new Next(i, 0, 0));
        }
        long base = emulatorClockStart(emulator);
        while (!schedule.isEmpty()) {
            Next next = schedule.poll();
            int i = next.flow();
            byte[] frame = fixed[i] != null ? fixed[i] : frame(state, flows.get(i), random);
            EmulatorInstance.Delivery d = emulator.receive(frame, base + next.nanos());
            if (!d.dropReason().isEmpty()) {
                drops.get(i).merge(d.dropReason(), 1L, Long::sum);
            } else if (d.queue() >= 0) {
                queues.get(i).merge(d.queue(), 1L, Long::sum);
                if (d.fate().equals("FAST_PATH")) {
                    fastPath[i]++;
                }
            } else {
                drops.get(i).merge("OTHER_" + d.fate(), 1L, Long::sum);
            }
            if (next.index() + 1 < total[i]) {
                schedule.add(new Next(i, next.nanos() + interval[i], next.index() + 1));
            }
        }

        Set<Integer> rssQueues = new HashSet<>(emulator.indirection());
        ObjectNode out = JSON.objectNode();
        int compared = 0;
        int agreed = 0;
        long sent = 0;
        var results = out.putArray("flows");
        for (int i = 0; i < n; i++) {
            Flow f = flows.get(i);
            sent += total[i];
            ObjectNode r = results.addObject();
            r.put("flow", f.id());
            r.put("packets", total[i]);
            Prediction p = predicted.get(f.id());
            if (p != null) {
                ObjectNode pr = r.putObject("predicted");
                pr.put("mechanism", p.mechanism());
                if (p.queue().isPresent()) {
                    pr.put("queue", p.queue().get());
                } else {
                    pr.putNull("queue");
                }
                pr.put("fastPath", p.fastPath());
            }
            ObjectNode ob = r.putObject("observed");
            ObjectNode qs = ob.putObject("queues");
            queues.get(i).forEach((q, c) -> qs.put(Integer.toString(q), c));
            if (fastPath[i] > 0) {
                ob.put("fastPath", fastPath[i]);
            }
            if (!drops.get(i).isEmpty()) {
                ObjectNode ds = ob.putObject("drops");
                drops.get(i).forEach(ds::put);
            }
            if (p != null) {
                boolean agree = drops.get(i).isEmpty() && !queues.get(i).isEmpty() && queues.get(i).keySet().stream()
                        .allMatch(q -> p.queue().map(pq -> pq.equals(q)).orElse(rssQueues.contains(q)))
                        && (!p.fastPath() || fastPath[i] == total[i]);
                r.put("agree", agree);
                compared++;
                agreed += agree ? 1 : 0;
            }
        }
        ObjectNode summary = out.putObject("summary");
        summary.put("flows", n);
        summary.put("packets", sent);
        summary.put("compared", compared);
        summary.put("agreed", agreed);
        summary.put("agreement", compared == 0 ? 0.0 : (double) agreed / compared);
        return out;
    }

    /** Where this run's simulated time starts: after everything the emulator saw before. */
    private static long emulatorClockStart(EmulatorInstance emulator) {
        return emulator.clockNanos() + 1_000_000L;
    }

    /** One packet of the flow; wildcard addresses and ports take random values. */
    private static byte[] frame(ProtocolState state, Flow f, Random random) {
        String src = ip(f.src(), random, "10.200.0.");
        String dst = ip(f.dst(), random, "10.0.0.");
        int sport = f.src().port().orElseGet(() -> 1024 + random.nextInt(64_000));
        int dport = f.dst().port().orElseGet(() -> 1024 + random.nextInt(64_000));
        MacAddress dstMac = f.dst().ip().flatMap(state::interfaceOf).map(NetInterface::mac)
                .map(m -> MacAddress.parse(m.toString())).orElse(MacAddress.parse("02:00:00:00:00:01"));
        FrameBuilder b = FrameBuilder.ethernet().src(MacAddress.parse("02:00:00:00:ff:01")).dst(dstMac).ipv4(src, dst);
        int l4;
        if (f.proto() == Protocol.TCP) {
            b.tcp(sport, dport).flags(0x10);     // ACK: a data segment of an established connection
            l4 = 20;
        } else {
            b.udp(sport, dport);
            l4 = 8;
        }
        return b.payloadLength(Math.max(0, Math.min(1500 - 20 - l4, f.bytesPerPacket() - ETH_IP - l4))).build();
    }

    private static String ip(AddressPattern p, Random random, String wildcardNet) {
        return p.ip().map(Object::toString).orElseGet(() -> wildcardNet + (1 + random.nextInt(250)));
    }
}
