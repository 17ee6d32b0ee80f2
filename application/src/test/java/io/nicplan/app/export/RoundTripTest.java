package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.Samples;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.Resource;
import io.nicplan.optimizer.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * import(export(plan)): the ethtool script of a plan, carried out by a device that prints {@code ethtool -n/-x/-l/-k}
 * as ethtool does, read back into a configuration. Where the export is exact, the configuration is the plan's and
 * every flow lands where the plan's configuration puts it; a plan made for the {@code linux} target always exports
 * exactly (issue #15's round trip).
 */
class RoundTripTest {
    /** Local-search steps of the optaplanner plans: enough to move flows off the construction, few enough to be quick. */
    private static final int STEPS = 40;
    private static final List<Strategy> DEMO_STRATEGIES = List.of(Strategy.DEFAULT, Strategy.GREEDY, Strategy.OPTAPLANNER);
    private static List<ExportSamples.Sample> samples;

    @BeforeAll
    static void plans() {
        samples = new ArrayList<>(ExportSamples.demoPlans(DEMO_STRATEGIES, Target.HARDWARE, STEPS));
    }

    private static Configuration roundTrip(ExportSamples.Sample s, ExportResult exported) {
        return roundTrip(s, exported, false);
    }

    /** With {@code flowHash}, the import also reads {@code ethtool -n DEV rx-flow-hash T} for the four flow types. */
    private static Configuration roundTrip(ExportSamples.Sample s, ExportResult exported, boolean flowHash) {
        int queues = (int) s.prg().resource(Resource.RX_QUEUES).orElseThrow().capacity();
        int entries = s.prg().resource(Resource.RSS_TABLE_ENTRIES).map(r -> (int) r.capacity()).orElse(128);
        FakeEthtoolDevice dev = new FakeEthtoolDevice("eth0", queues, entries);
        dev.run(exported.text());
        boolean features = exported.text().contains(" -K eth0 rx ") || exported.text().contains(" -K eth0 tso ")
                || exported.text().contains(" -K eth0 tx ");
        return Imports.read(s.prg(), new Imports.EthtoolTexts(dev.ntupleText(), dev.rssText(),
                Optional.of(dev.channelsText()), features ? Optional.of(dev.featuresText()) : Optional.empty(),
                flowHash ? Optional.of(dev.flowHashText()) : Optional.empty()));
    }

    /**
     * The configuration as JSON without the values that mean "unconfigured" (an empty filter list, an offload off,
     * receive checksums or TSO and transmit checksums): ethtool shows an empty table and offload off alike whether or
     * not the plan set them.
     */
    private static JsonNode normalized(Configuration c, ExportSamples.Sample s) {
        try {
            ObjectNode o = (ObjectNode) new ObjectMapper().readTree(ConfigurationJson.write(c, s.prg()));
            List<String> unset = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if ((e.getValue().isArray() && e.getValue().isEmpty()) || (e.getValue().isBoolean() && !e.getValue().asBoolean())) {
                    unset.add(e.getKey());
                }
            });
            o.remove(unset);
            return o;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, List<Integer>> queues(ExportSamples.Sample s, ProtocolState state, Configuration c) {
        ClassificationReport r = Embeddings.classify(s.prg(), state, c);
        Map<String, List<Integer>> m = new TreeMap<>();
        r.placements().forEach(p -> m.put(p.flow(), List.copyOf(p.queues())));
        return m;
    }

    /**
     * A dual-stack state (examples/memcached-dual-stack-state.json) planned for the {@code linux} target: where the NIC
     * declares {@code ip_l4} the plan configures it (IPv6 flows), the export sets tcp4/udp4/tcp6/udp6 {@code sdfn},
     * and the import reads those flow types back from {@code ethtool -n DEV rx-flow-hash T} to {@code ip_l4}, so the
     * whole configuration round-trips exactly and every flow keeps its queue.
     */
    @Test
    void aDualStackLinuxPlanRoundTripsWithItsIpv6HashReadFromRxFlowHash() throws Exception {
        ProtocolState state = io.nicplan.embed.state.ProtocolStateJson.read(io.nicplan.embed.Examples.dualStackState());
        int ipL4 = 0;
        for (ExportSamples.Sample s : ExportSamples.plans(state, List.of(Strategy.DEFAULT, Strategy.GREEDY), Target.LINUX, STEPS)) {
            ExportResult exported = ExportSamples.export(s, ExportFormat.ETHTOOL, ExportOptions.defaults());
            if (!exported.exact()) {
                continue;
            }
            Configuration back = roundTrip(s, exported, true);
            assertThat(normalized(back, s)).as(s.toString()).isEqualTo(normalized(s.configuration(), s));
            assertThat(queues(s, state, back)).as(s.toString()).isEqualTo(queues(s, state, s.configuration()));
            if (normalized(back, s).toString().contains("\"ip_l4\"")) {
                ipL4++;
            }
        }
        assertThat(ipL4).as("dual-stack plans configuring ip_l4 that round-trip").isPositive();
    }

    @Test
    void anExactEthtoolExportImportsBackToThePlansConfigurationAndEveryFlowsQueue() {
        ProtocolState state = Samples.demoState(7);
        int exact = 0;
        List<String> report = new ArrayList<>();
        for (ExportSamples.Sample s : samples) {
            ExportResult exported = ExportSamples.export(s, ExportFormat.ETHTOOL, ExportOptions.defaults());
            Configuration back = roundTrip(s, exported);
            Map<String, List<Integer>> planned = queues(s, state, s.configuration());
            Map<String, List<Integer>> imported = queues(s, state, back);
            long same = planned.keySet().stream().filter(f -> planned.get(f).equals(imported.get(f))).count();
            report.add(s + ": " + (exported.exact() ? "exact" : exported.changes().size() + " best-effort changes") + ", "
                    + same + "/" + planned.size() + " flows on the planned queues");
            // A best-effort export changes only what its changes name: the RSS table (ethtool -X sets equal or weights
            // only) and what it moved; a flow the plan steers with a filter keeps its queue.
            for (String f : planned.keySet()) {
                if (!planned.get(f).equals(imported.get(f))) {
                    assertThat(exported.exact()).as(s + ": flow " + f + " moved by an exact export").isFalse();
                    assertThat(s.mechanisms().get(f)).as(s + ": flow " + f + " changed queue").isIn("RSS", "DEFAULT");
                    assertThat(exported.changes()).anyMatch(c -> c.contains("RSS"));
                }
            }
            if (exported.exact()) {
                exact++;
                assertThat(normalized(back, s)).as(s.toString()).isEqualTo(normalized(s.configuration(), s));
                assertThat(imported).as(s.toString()).isEqualTo(planned);
            }
        }
        System.out.println(String.join("\n", report));
        assertThat(exact).isPositive();
    }

    /**
     * Issue #15: every demo strategy's plan for the {@code linux} target, on every shipped NIC with a Linux driver,
     * exports to ethtool exactly and imports back to the plan's configuration, every flow on its planned queue.
     */
    @Test
    void aLinuxTargetPlanExportsExactlyAndImportsBackToItsConfigurationAndEveryFlowsQueue() {
        ProtocolState state = Samples.demoState(7);
        List<ExportSamples.Sample> linux = ExportSamples.demoPlans(DEMO_STRATEGIES, Target.LINUX, STEPS);
        assertThat(linux).hasSize(ExportSamples.LINUX_NICS.size() * DEMO_STRATEGIES.size());
        List<String> report = new ArrayList<>();
        for (ExportSamples.Sample s : linux) {
            ExportResult exported;
            try {
                exported = Exports.export(s.prg(), s.configuration(), ExportFormat.ETHTOOL, ExportOptions.defaults());
            } catch (UnexpressiblePlanException e) {
                // The X710's 52-byte key (i40e I40E_HKEY_ARRAY_SIZE) against nicplan's 40 is #15 item 1, another
                // branch's; until it lands, that is the one part a linux plan for the X710 may not take.
                assertThat(s.nic()).as(s + ": " + e.getMessage()).isEqualTo("intel-x710");
                assertThat(e.reasons()).as(s.toString()).allMatch(r -> r.contains("-byte key"));
                exported = Exports.export(s.prg(), s.configuration(), ExportFormat.ETHTOOL, ExportOptions.defaults()
                        .withBestEffort(true));
            }
            Configuration back = roundTrip(s, exported);
            Map<String, List<Integer>> planned = queues(s, state, s.configuration());
            Map<String, List<Integer>> imported = queues(s, state, back);
            long same = planned.keySet().stream().filter(f -> planned.get(f).equals(imported.get(f))).count();
            report.add(s + ": " + same + "/" + planned.size() + " flows on the planned queues");
            assertThat(normalized(back, s)).as(s.toString()).isEqualTo(normalized(s.configuration(), s));
            assertThat(imported).as(s.toString()).isEqualTo(planned);
        }
        System.out.println(String.join("\n", report));
    }
}
