package io.nicplan.optimizer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Examples;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import io.nicplan.optimizer.baseline.DragonetPlanner;
import io.nicplan.optimizer.baseline.OptimalityTest;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.nic.NicModels;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IPv6 flows in the optimizer: read from a dual-stack protocol state with their addresses, never overlapping an IPv4
 * flow, hashed by RSS as the embedder hashes them, and offered only the placements that can hold them (RSS or the
 * default queue: no shipped filter matches IPv6, docs/nic-descriptions.md "IPv6").
 */
class Ipv6FlowsTest {
    private static final String COST = "{\"terms\": {\"balanceByRate\": 1}}";

    private static Workload dualStack(int queues) throws Exception {
        ProtocolState state = ProtocolStateJson.read(Examples.dualStackState());
        return Workloads.fromState(state, queues);
    }

    @Test
    void anIpv6FlowKeepsItsAddressesAndIsExactWhenFullyGiven() throws Exception {
        Flow gold6 = dualStack(4).flows().stream().filter(f -> f.id().equals("gold6")).findFirst().orElseThrow();
        assertThat(gold6.match().ipv6()).isTrue();
        assertThat(gold6.match().srcIp6()).contains(Ipv6Address.parse("2001:db8:1::1"));
        assertThat(gold6.match().dstIp6()).contains(Ipv6Address.parse("2001:db8::1"));
        assertThat(gold6.match().srcIp()).isEmpty();
        assertThat(gold6.match().isExact()).isTrue();
        assertThat(gold6.isExactTcp()).isFalse();
        assertThat(gold6.match().toString()).isEqualTo("udp [2001:db8:1::1]:40001 -> [2001:db8::1]:11211");
    }

    @Test
    void ipv4AndIpv6MatchesNeverShareAPacket() {
        FlowMatch portOnlyIpv4 = new FlowMatch(java.util.Optional.of(Proto.UDP), java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalInt.empty(), java.util.OptionalInt.of(11211));
        FlowMatch ipv6 = FlowMatch.exactIpv6(Proto.UDP, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("2001:db8::1"),
                40001, 11211);
        assertThat(portOnlyIpv4.intersects(ipv6)).isFalse();
        assertThat(ipv6.within(portOnlyIpv4)).isFalse();
        assertThat(ipv6.intersects(ipv6)).isTrue();
    }

    @Test
    void aPlansIpv6FilterEntryIsWrittenWithTextAddresses() {
        var entry = new io.nicplan.graph.config.ConfigValue.TupleValue(java.util.Map.of(
                "src_ip6", io.nicplan.embed.config.ConfigurationJson.ipv6Words(Ipv6Address.parse("2001:db8:3::1")),
                "queue", io.nicplan.graph.config.ConfigValue.of(2)));
        var json = io.nicplan.optimizer.plan.PlanJson.value(entry);
        assertThat(json.get("src_ip6").textValue()).isEqualTo("2001:db8:3::1");
        assertThat(json.get("queue").intValue()).isEqualTo(2);
    }

    @Test
    void rssHashesAnIpv6FlowAsTheEmbedderDoes() {
        Ipv6Address src = Ipv6Address.parse("2001:db8:1::1");
        Ipv6Address dst = Ipv6Address.parse("2001:db8::1");
        FlowMatch m = FlowMatch.exactIpv6(Proto.TCP, src, dst, 40001, 11211);
        // ipv4_l4 (a plan's hash on a NIC that declares no IPv6 hash) does not hash IPv6: hash 0, entry 0
        assertThat(CostModel.rssBucket(m, RssHashType.IPV4_L4, 128)).isZero();
        int hash = Toeplitz.standard().hashIpv6(src.high(), src.low(), dst.high(), dst.low(), 40001, 11211);
        assertThat(CostModel.rssBucket(m, RssHashType.IP_L4, 128)).isEqualTo(hash & 127);
        FlowMatch anyPort = new FlowMatch(m.proto(), m.srcIp(), m.dstIp(), java.util.OptionalInt.empty(), m.dstPort(),
                m.srcIp6(), m.dstIp6());
        assertThat(CostModel.rssBucket(anyPort, RssHashType.IP_L4, 128)).isEqualTo(-1);
        assertThat(CostModel.rssBucket(anyPort, RssHashType.IPV4_L4, 128)).isZero();
    }

    /**
     * A plan with IPv6 flows hashes with ip_l4 where the NIC's RSS declares it (every shipped NIC with RSS does;
     * virtio-net since its unclassified_queue follows the configured hash), an IPv4-only one keeps ipv4_l4, and the model's RSS queue of each concrete IPv6 flow is the table
     * entry its Toeplitz hash over the IPv6 addresses and ports picks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"intel-82599", "intel-x710", "solarflare-sfc9020", "flexnic", "virtio-net"})
    void aPlanHashesIpv6WhereTheNicDeclaresItAndPlacesIpv6FlowsByTheirHash(String nic) throws Exception {
        var nicModel = NicModels.builtin(nic, 4);
        CostModel dual = CostModel.compile(nicModel, dualStack(4), CostSpecReader.read(COST), OptimalityTest.CYCLES);
        assertThat(dual.rssHash()).isEqualTo(RssHashType.IP_L4);
        Workload ipv4Only = io.nicplan.optimizer.bench.Workloads.generate(24, 11, 0.25, 0.5,
                io.nicplan.optimizer.bench.Workloads.Rates.UNEQUAL);
        assertThat(CostModel.compile(nicModel, ipv4Only, CostSpecReader.read(COST), OptimalityTest.CYCLES).rssHash())
                .isEqualTo(RssHashType.IPV4_L4);
        int entries = nicModel.rss().orElseThrow().tableEntries();
        int[] table = dual.rssTable();
        int concreteIpv6 = 0;
        for (int i = 0; i < dual.flowCount(); i++) {
            FlowMatch m = dual.flow(i).match();
            if (!m.ipv6() || !m.isExact()) {
                continue;
            }
            concreteIpv6++;
            var src = m.srcIp6().orElseThrow();
            var dst = m.dstIp6().orElseThrow();
            int hash = Toeplitz.standard().hashIpv6(src.high(), src.low(), dst.high(), dst.low(), m.srcPort().getAsInt(),
                    m.dstPort().getAsInt());
            assertThat(dual.unfiltered(i).queue()).as(dual.flow(i).id()).isEqualTo(table[hash & (entries - 1)]);
        }
        assertThat(concreteIpv6).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"intel-82599", "intel-x710", "solarflare-sfc9020", "flexnic", "virtio-net"})
    void anIpv6FlowIsOfferedOnlyTheFiltersWhoseDescriptionMatchesIpv6(String nic) throws Exception {
        Workload w = dualStack(4);
        CostModel model = CostModel.compile(NicModels.builtin(nic, 4), w, CostSpecReader.read(COST), OptimalityTest.CYCLES);
        // docs/nic-descriptions.md "IPv6": the X710's flow director (exact flows) and FlexNIC's stages match IPv6
        Set<Mechanism> ipv6Filters = switch (nic) {
            case "intel-x710" -> Set.of(Mechanism.FDIR);
            case "flexnic" -> Set.of(Mechanism.MATCH_ACTION);
            default -> Set.of();
        };
        boolean nicHasFilters = false;
        for (int i = 0; i < model.flowCount(); i++) {
            Flow f = model.flow(i);
            boolean filterOffered = model.options(i).stream().anyMatch(p -> p.mechanism().isFilter() || p.fastPath());
            if (f.match().ipv6()) {
                assertThat(model.options(i)).as(f.id()).allMatch(p -> !p.fastPath() && (p.mechanism() == Mechanism.RSS
                        || p.mechanism() == Mechanism.DEFAULT || ipv6Filters.contains(p.mechanism())));
                boolean holdable = !ipv6Filters.isEmpty() && (f.match().isExact() || !ipv6Filters.contains(Mechanism.FDIR));
                assertThat(filterOffered).as(f.id()).isEqualTo(holdable);
            } else {
                nicHasFilters |= filterOffered;
            }
        }
        assertThat(nicHasFilters).as("IPv4 flows get filters where the NIC has them").isEqualTo(!nic.equals("virtio-net"));
        // Dragonet's search filters every flow a table can take; an IPv6 flow no table can match takes its unfiltered
        // path and is not counted as its failure (on virtio-net, which has no table, every IPv4 flow is)
        var dragonet = DragonetPlanner.plan(model);
        long ipv4Flows = 0;
        for (int i = 0; i < model.flowCount(); i++) {
            Flow f = model.flow(i);
            if (f.match().ipv6()) {
                boolean holdable = !ipv6Filters.isEmpty() && (f.match().isExact() || !ipv6Filters.contains(Mechanism.FDIR));
                assertThat(dragonet.get(i).mechanism().isFilter()).as(f.id()).isEqualTo(holdable);
                if (!holdable) {
                    assertThat(dragonet.get(i)).isEqualTo(model.unfiltered(i));
                }
            } else {
                ipv4Flows++;
            }
        }
        assertThat(DragonetPlanner.unfiltered(model)).isEqualTo(nicHasFilters ? 0 : ipv4Flows);
    }
}
