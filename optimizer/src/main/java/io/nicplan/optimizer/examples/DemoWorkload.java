package io.nicplan.optimizer.examples;

import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Application;
import io.nicplan.embed.state.Endpoint;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.NetInterface;
import io.nicplan.embed.state.Protocol;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.Socket;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The optimizer's demo input: a memcached-like host (UDP on 11211 for any local address, TCP on
 * 11211, a stats endpoint) receiving {@value #FLOWS} concrete client flows, {@value #GOLD} of them
 * gold, with Zipf-like unequal rates (the k-th busiest flow sends about {@code 1/k} of the busiest's
 * packets), generated from a seed; and a priority cost specification to plan it with.
 */
public final class DemoWorkload {
    /** Flows in the demo state. */
    public static final int FLOWS = 200;
    /** Gold flows among them. */
    public static final int GOLD = 20;
    /** TCP flows among them (the rest are UDP). */
    public static final int TCP = 20;
    /** Packets per second of the busiest flow. */
    public static final double TOP_PPS = 1_000_000;
    /** The host's address. */
    public static final Ipv4Address HOST = Ipv4Address.of(0x0a00_0001L);
    /** Class-path folder of the examples. */
    public static final String FOLDER = "/io/nicplan/optimizer/examples/";

    private DemoWorkload() {
    }

    /**
     * The demo state for {@code seed}: the same seed gives the same state. Clients come from
     * 10.1.0.0/16 with distinct source ports; gold flows are drawn among the UDP flows.
     */
    public static ProtocolState state(long seed) {
        Random random = new Random(seed);
        List<Application> apps = List.of(new Application("memcached", List.of(0, 1, 2, 3, 4, 5, 6, 7)),
                new Application("stats", List.of(7)));
        List<Socket> workers = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            workers.add(new Socket("w" + c, c));
        }
        List<Endpoint> endpoints = List.of(
                new Endpoint("mc_udp", Protocol.UDP, AddressPattern.anyIp(11211), Optional.empty(), "memcached", workers),
                new Endpoint("mc_tcp", Protocol.TCP, AddressPattern.anyIp(11211), Optional.empty(), "memcached", workers.subList(0, 4)),
                new Endpoint("stats_udp", Protocol.UDP, AddressPattern.of(HOST, 8125), Optional.empty(), "stats",
                        List.of(new Socket("s0", 7))));
        Set<Integer> gold = new HashSet<>();
        while (gold.size() < GOLD) {
            gold.add(TCP + random.nextInt(FLOWS - TCP));
        }
        List<Flow> flows = new ArrayList<>();
        Set<Long> sources = new HashSet<>();
        for (int i = 0; i < FLOWS; i++) {
            long src;
            int port;
            do {
                src = 0x0a01_0000L | (1 + random.nextInt(0xfffe));
                port = 1024 + random.nextInt(64_000);
            } while (!sources.add(src << 16 | port));
            boolean tcp = i < TCP;
            // Zipf-like: rank drawn uniformly, rate proportional to 1/rank
            double pps = Math.max(100, Math.round(TOP_PPS / (1 + random.nextInt(FLOWS))));
            flows.add(new Flow((gold.contains(i) ? "gold" : tcp ? "tcp" : "be") + i, tcp ? Protocol.TCP : Protocol.UDP,
                    AddressPattern.of(Ipv4Address.of(src), port), AddressPattern.of(HOST, 11211),
                    gold.contains(i) ? "gold" : "besteffort", pps, tcp ? 200 : 96));
        }
        NetInterface eth0 = new NetInterface("eth0", new MacAddress(0x02_00_00_00_00_01L), List.of(HOST));
        return new ProtocolState(List.of(eth0), apps, endpoints, flows);
    }

    /**
     * The demo's cost specification (resource {@code priority-cost.json}, docs/formats.md "Cost
     * specification"): gold flows five to an exclusive queue, classes and queues balanced by rate, and
     * software cycles at the largest weight (rate deviations are squared packets per second, cycles
     * are kilocycles per second, so a smaller weight would leave them without effect).
     */
    public static String priorityCost() {
        try (InputStream in = DemoWorkload.class.getResourceAsStream(FOLDER + "priority-cost.json")) {
            if (in == null) {
                throw new IllegalStateException("example priority-cost.json is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read example priority-cost.json", e);
        }
    }
}
