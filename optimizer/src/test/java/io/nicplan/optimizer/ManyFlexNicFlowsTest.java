package io.nicplan.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
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
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.examples.DemoWorkload;
import io.nicplan.optimizer.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, item 1: thousands of UDP flows on FlexNIC put one filter per flow in one chain, and the
 * path predicates through that chain once nested as deep as the chain (StackOverflowError between
 * 2,500 and 3,000 flows). A greedy plan must complete at 3,000 and at 20,000 flows.
 */
class ManyFlexNicFlowsTest {
    private static final Ipv4Address HOST = Ipv4Address.of(0x0a00_0001L);

    /** {@code n} distinct UDP flows to memcached, one in ten gold; the same seed gives the same state. */
    private static ProtocolState udpFlows(int n, long seed) {
        Random random = new Random(seed);
        List<Socket> workers = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            workers.add(new Socket("w" + c, c));
        }
        List<Endpoint> endpoints = List.of(new Endpoint("mc_udp", Protocol.UDP, AddressPattern.anyIp(11211), Optional.empty(),
                "memcached", workers));
        List<Flow> flows = new ArrayList<>(n);
        Set<Long> sources = new HashSet<>();
        for (int i = 0; i < n; i++) {
            long src;
            int port;
            do {
                src = 0x0a01_0000L | (1 + random.nextInt(0xfffe));
                port = 1024 + random.nextInt(64_000);
            } while (!sources.add(src << 16 | port));
            boolean gold = i % 10 == 0;
            flows.add(new Flow("f" + i, Protocol.UDP, AddressPattern.of(Ipv4Address.of(src), port), AddressPattern.of(HOST, 11211),
                    gold ? "gold" : "besteffort", 100 + random.nextInt(10_000), 96));
        }
        NetInterface eth0 = new NetInterface("eth0", new MacAddress(0x02_00_00_00_00_01L), List.of(HOST));
        return new ProtocolState(List.of(eth0), List.of(new Application("memcached", List.of(0, 1, 2, 3, 4, 5, 6, 7))), endpoints,
                flows);
    }

    private static Plan greedyPlan(int flows) {
        Planner.Request request = Planner.Request.fromState(Descriptions.graph("flexnic"), udpFlows(flows, 18),
                CostSpecReader.read(DemoWorkload.priorityCost()));
        return Planner.plan(request.withStrategy(Strategy.GREEDY));
    }

    @Test
    void greedyPlanForThreeThousandUdpFlowsOnFlexNicCompletes() {
        Plan p = greedyPlan(3_000);
        assertThat(p.placements()).hasSize(3_000);
        assertThat(p.verification()).isPresent();
    }

    @Test
    void greedyPlanForTwentyThousandUdpFlowsOnFlexNicCompletes() {
        Plan p = greedyPlan(20_000);
        assertThat(p.placements()).hasSize(20_000);
        assertThat(p.verification()).isPresent();
    }
}
