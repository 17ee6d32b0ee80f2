package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.app.Samples;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.plan.PlanChange;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EthtoolDiffTest {
    private static final DataflowGraph I82599 = Nics.shippedGraph("intel-82599");

    private static String fdir(String... entries) {
        return "{\"FlowDirector\": [" + String.join(",", entries) + "]}";
    }

    private static String rule(int n, int queue) {
        return "{\"proto\": \"udp\", \"src_ip\": \"10.0.1." + n + "\", \"dst_ip\": \"10.0.0.1\", \"src_port\": " + (40000 + n)
                + ", \"dst_port\": 11211, \"queue\": " + queue + "}";
    }

    @Test
    void onlyChangedRulesAreTouchedMovedOnesInPlaceNewOnesBeforeDeletes() {
        Configuration current = Embeddings.readConfiguration(I82599, fdir(rule(1, 4), rule(2, 5), rule(3, 6)));
        Configuration next = Embeddings.readConfiguration(I82599, fdir(rule(1, 7), rule(3, 6), rule(9, 2)));
        ExportResult r = Exports.diff(I82599, current, next, ExportFormat.ETHTOOL, ExportOptions.defaults());
        assertThat(r.text().lines().filter(l -> l.startsWith("ethtool"))).containsExactly(
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.1 dst-ip 10.0.0.1 src-port 40001 dst-port 11211 action 7 loc 0",
                "ethtool -N eth0 flow-type udp4 src-ip 10.0.1.9 dst-ip 10.0.0.1 src-port 40009 dst-port 11211 action 2 loc 3",
                "ethtool -N eth0 delete 1");
        assertThat(r.text()).contains("1 rules rewritten in place, 1 inserted, 1 deleted");
        // tc replaces a filter in place by the handle the kernel gave it (the second of prio 1 had handle 2).
        assertThat(Exports.diff(I82599, current, next, ExportFormat.TC, ExportOptions.defaults()).text())
                .contains("tc filter replace dev eth0 ingress protocol ip prio 1 handle 1 flower skip_sw ip_proto udp src_ip "
                        + "10.0.1.1 dst_ip 10.0.0.1 src_port 40001 dst_port 11211 action skbedit queue_mapping 7 skip_sw\n")
                .contains("tc filter del dev eth0 ingress protocol ip prio 1 handle 2 flower\n");
    }

    @Test
    void aDiffBetweenTwoPlansOfTheIncrementalReplannerLeavesTheNicAsTheWholeNextExportWould() {
        ProtocolState state = Samples.demoState(7);
        Plans.Prepared prepared = Plans.prepare(PlanProblem.of(I82599, state, Samples.demoCost()).withStrategy(Strategy.GREEDY)
                .withQueues(OptionalInt.of(10)).withExplain(false));
        var plan = prepared.plan();
        List<Flow> fewer = new ArrayList<>(state.flows().subList(0, state.flows().size() - 10));
        PlanChange change = Plans.replan(prepared, plan, state.withFlows(fewer));
        Configuration current = new Configuration(plan.configuration());
        Configuration next = new Configuration(change.plan().configuration());
        ExportOptions options = ExportOptions.defaults().withBestEffort(true);
        ExportResult diff = Exports.diff(I82599, current, next, ExportFormat.ETHTOOL, options);
        ExportResult whole = Exports.export(I82599, next, ExportFormat.ETHTOOL, options);
        long touched = diff.text().lines().filter(l -> l.startsWith("ethtool -N eth0 flow-type") || l.contains(" delete ")).count();
        assertThat(touched).isPositive().isLessThan(whole.text().lines().filter(l -> l.contains(" flow-type ")).count());

        FakeEthtoolDevice byDiff = new FakeEthtoolDevice("eth0", 128, 128);
        byDiff.run(Exports.export(I82599, current, ExportFormat.ETHTOOL, options).text());
        byDiff.run(diff.text());
        FakeEthtoolDevice byWhole = new FakeEthtoolDevice("eth0", 128, 128);
        byWhole.run(whole.text());
        ClassificationReport a = Embeddings.classify(I82599, state, imported(byDiff));
        ClassificationReport b = Embeddings.classify(I82599, state, imported(byWhole));
        assertThat(a.placements()).isEqualTo(b.placements());
    }

    private static Configuration imported(FakeEthtoolDevice d) {
        return Imports.read(I82599, new Imports.EthtoolTexts(d.ntupleText(), d.rssText(), Optional.of(d.channelsText()),
                Optional.of(d.featuresText())));
    }
}
