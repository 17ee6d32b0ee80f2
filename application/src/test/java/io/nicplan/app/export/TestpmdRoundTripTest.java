package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.Samples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.Resource;
import io.nicplan.optimizer.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * import(export(plan)) for rte_flow: the testpmd command file of a plan, carried out by a port that keeps its rules and
 * prints {@code flow list}, the RETA and the key as testpmd does ({@link FakeTestpmd}), read back with the command file.
 * Where the export is exact, the configuration is the plan's and every flow lands where the plan puts it.
 */
class TestpmdRoundTripTest {
    private static List<ExportSamples.Sample> samples;

    @BeforeAll
    static void plans() {
        samples = new ArrayList<>();
        samples.add(ExportSamples.memcached82599());
        // The SFC9020 has no DPDK driver (net_sfc drives EF10 and later): its export is refused, nothing to read back.
        ExportSamples.demoPlans(List.of(Strategy.DEFAULT, Strategy.GREEDY)).stream()
                .filter(s -> !s.nic().equals("solarflare-sfc9020")).forEach(samples::add);
    }

    static Configuration roundTrip(ExportSamples.Sample s, String commands) {
        int entries = s.prg().resource(Resource.RSS_TABLE_ENTRIES).map(r -> (int) r.capacity()).orElse(128);
        FakeTestpmd port = new FakeTestpmd(0, entries).run(commands);
        return Imports.readTestpmd(s.prg(), new Imports.TestpmdTexts(0, Optional.of(port.flowList()), Optional.of(commands),
                Optional.of(port.retaText()), Optional.of(port.keyText())));
    }

    /**
     * The configuration as JSON without what means "unconfigured": an empty list, checksum offload off, and all of
     * the description's queues enabled (testpmd's command file configures a queue count only when the plan uses fewer);
     * and without the transmit offloads, which a DPDK application requests per packet, not the command file
     * (docs/export.md "Transmit offloads").
     */
    static JsonNode normalized(Configuration c, ExportSamples.Sample s) {
        try {
            ObjectNode o = (ObjectNode) new ObjectMapper().readTree(ConfigurationJson.write(c, s.prg()));
            long queues = s.prg().resource(Resource.RX_QUEUES).map(Resource::capacity).orElse(1L);
            List<String> unset = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                boolean allQueues = e.getKey().equals("Queues") && v.isArray() && v.size() == queues;
                boolean transmit = SteeringExport.TX_OFFLOAD.equals(SteeringExport.functions(s.prg()).get(e.getKey()));
                if ((v.isArray() && v.isEmpty()) || (v.isBoolean() && !v.asBoolean()) || allQueues || transmit) {
                    unset.add(e.getKey());
                }
            });
            o.remove(unset);
            return o;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anExactRteFlowExportReadsBackAsThePlansConfigurationAndEveryFlowsQueue() {
        ProtocolState state = Samples.demoState(7);
        int exact = 0;
        List<String> report = new ArrayList<>();
        for (ExportSamples.Sample s : samples) {
            ExportResult exported = ExportSamples.export(s, ExportFormat.RTE_FLOW, ExportOptions.defaults());
            Configuration back = roundTrip(s, exported.text());
            Map<String, List<Integer>> planned = ExportSamples.queues(s, state, s.configuration());
            Map<String, List<Integer>> imported = ExportSamples.queues(s, state, back);
            long same = planned.keySet().stream().filter(f -> planned.get(f).equals(imported.get(f))).count();
            report.add(s + ": " + (exported.exact() ? "exact" : exported.changes().size() + " best-effort changes") + ", "
                    + same + "/" + planned.size() + " flows on the planned queues");
            if (exported.exact()) {
                exact++;
                assertThat(normalized(back, s)).as(s.toString()).isEqualTo(normalized(s.configuration(), s));
                assertThat(imported).as(s.toString()).isEqualTo(planned);
            }
        }
        System.out.println(String.join("\n", report));
        assertThat(exact).isGreaterThanOrEqualTo(samples.size() - 1);
    }
}
