package io.nicplan.embed.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.json.Problems;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.RandomConfigs;
import io.nicplan.embed.testing.States;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** For random configurations and flows (fixed seeds), the compiled classifier agrees with the reference interpreter. */
class CompiledClassifierPropertyTest {
    private static final int QUEUES = 16;
    private final FlowPackets packets = new FlowPackets(States.host());

    private static String intel82599Config(RandomConfigs r) {
        List<String> parts = new ArrayList<>();
        List<String> five = new ArrayList<>();
        for (int i = r.random().nextInt(12); i > 0; i--) {
            five.add(r.fiveTupleEntry(QUEUES));
        }
        parts.add("\"FiveTuple\": [" + String.join(",", five) + "]");
        parts.add("\"FlowDirector\": [" + String.join(",", r.fdirEntries(r.random().nextInt(40), QUEUES)) + "]");
        if (r.random().nextBoolean()) {
            parts.add("\"EtherType\": [{\"eth_type\": \"0x0800\", \"queue\": " + r.random().nextInt(QUEUES) + "}]");
        }
        if (r.random().nextBoolean()) {
            parts.add("\"Syn\": " + r.random().nextInt(QUEUES));
        }
        if (r.random().nextBoolean()) {
            parts.add("\"Rss\": " + r.rss(128, 16));
        }
        if (r.random().nextBoolean()) {
            parts.add("\"CsumOffload\": true");
        }
        if (r.random().nextInt(3) == 0) {
            parts.add("\"Queues\": [0, 1, 2, 3, 5, 8]");
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static String flexnicConfig(RandomConfigs r) {
        List<String> parts = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            List<String> entries = new ArrayList<>();
            for (int i = r.random().nextInt(6); i > 0; i--) {
                entries.add(r.maEntry(QUEUES));
            }
            parts.add("\"Stage" + s + "\": [" + String.join(",", entries) + "]");
        }
        List<String> fast = new ArrayList<>();
        for (String e : r.fdirEntries(r.random().nextInt(10), QUEUES)) {
            if (e.contains("\"tcp\"")) {
                fast.add(e.replace("\"proto\": \"tcp\", ", ""));
            }
        }
        parts.add("\"FastPath\": [" + String.join(",", fast) + "]");
        if (r.random().nextBoolean()) {
            parts.add("\"Rss\": " + r.rss(128, QUEUES));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private void assertAgree(ConfiguredGraph g, RandomConfigs r, int flows) {
        CompiledClassifier compiled = CompiledClassifier.compile(g);
        ReferenceInterpreter reference = new ReferenceInterpreter(g.graph());
        for (int i = 0; i < flows; i++) {
            Flow f = r.concreteFlow("f" + i);
            long[] p = packets.packet(f);
            SortedSet<Integer> expected = reference.queues(p);
            int[] got = compiled.queues(p);
            assertThat(Arrays.stream(got).boxed().toList()).as("flow %s on %s", f, g.configuration()).containsExactlyElementsOf(expected);
        }
    }

    /**
     * An LPG with 1,000 endpoints (demux nodes whose one test most packets fail, which the walk
     * rejects from flat arrays): every node fires the same port as in the reference walk, for the
     * state's flows and for random packets to the endpoints' ports.
     */
    @org.junit.jupiter.api.Test
    void compiledTraceAgreesWithReferenceOnAnLpgWithThousandEndpoints() {
        io.nicplan.embed.Embedder embedder = io.nicplan.embed.testing.Solvers.embedder();
        io.nicplan.embed.state.ProtocolState state = io.nicplan.embed.ThousandEndpoints.state(embedder);
        DataflowGraph lpg = embedder.lpg(Nics.lpg(), state);
        ConfiguredGraph g = ConfiguredGraph.apply(lpg, io.nicplan.embed.config.Configuration.EMPTY,
                io.nicplan.embed.feature.NicFeatures.standard().functions());
        CompiledClassifier compiled = CompiledClassifier.compile(g);
        ReferenceInterpreter reference = new ReferenceInterpreter(g.graph());
        FlowPackets lpgPackets = new FlowPackets(state);
        List<long[]> probes = new ArrayList<>();
        state.flows().forEach(f -> probes.add(lpgPackets.packet(f)));
        RandomConfigs r = new RandomConfigs(99);
        for (int i = 0; i < 300; i++) {
            long[] p = lpgPackets.packet(r.concreteFlow("r" + i));
            // Endpoint ports: UDP 10,000 - 10,699, TCP 20,000 - 20,199; and the remotes of the connected ones.
            p[io.nicplan.graph.predicate.HeaderField.L4_DPORT.ordinal()] = i % 2 == 0 ? 10_000 + r.random().nextInt(700) : 20_000 + r.random().nextInt(200);
            if (i % 5 == 0) {
                p[io.nicplan.graph.predicate.HeaderField.IP_SRC.ordinal()] = 0x0a00_0900L + r.random().nextInt(100);
                p[io.nicplan.graph.predicate.HeaderField.L4_SPORT.ordinal()] = 6000;
            }
            probes.add(p);
        }
        int demuxTrue = 0;
        for (long[] p : probes) {
            java.util.Map<String, java.util.Optional<String>> expected = reference.run(p).fired();
            assertThat(compiled.trace(p)).as("packet %s", Arrays.toString(p)).isEqualTo(expected);
            demuxTrue += expected.entrySet().stream().filter(e -> e.getKey().contains("Endpoints.e") && !e.getKey().contains(".Balance")
                    && e.getValue().equals(java.util.Optional.of("true"))).count();
        }
        assertThat(demuxTrue).as("packets some endpoint takes").isGreaterThan(probes.size() / 2);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void compiledAgreesWithReferenceOnIntel82599(long seed) {
        DataflowGraph nic = Nics.intel82599();
        RandomConfigs r = new RandomConfigs(seed);
        assertAgree(ConfiguredGraph.apply(nic, ConfigurationReader.read(intel82599Config(r), nic)), r, 150);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void compiledAgreesWithReferenceOnFlexNic(long seed) {
        DataflowGraph nic = Nics.flexnic();
        RandomConfigs r = new RandomConfigs(seed);
        assertAgree(ConfiguredGraph.apply(nic, ConfigurationReader.read(flexnicConfig(r), nic)), r, 150);
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36})
    void patchedClassifierAgreesWithFreshCompileAndReference(long seed) {
        DataflowGraph nic = Nics.intel82599();
        RandomConfigs r = new RandomConfigs(seed);
        ConfiguredGraph g = ConfiguredGraph.apply(nic, ConfigurationReader.read(intel82599Config(r), nic));
        CompiledClassifier patched = CompiledClassifier.compile(g);
        ConfigType.ListType fiveType = (ConfigType.ListType) nic.require("FiveTuple").config().orElseThrow().type();
        ConfigType.ListType fdirType = (ConfigType.ListType) nic.require("FlowDirector").config().orElseThrow().type();
        for (int step = 0; step < 12; step++) {
            ConfigChange change;
            int five = g.configuration().list("FiveTuple").size();
            int fdir = g.configuration().list("FlowDirector").size();
            int pick = r.random().nextInt(4);
            if (pick == 0 && five > 0) {
                change = new ConfigChange.RemoveEntry("FiveTuple", r.random().nextInt(five));
            } else if (pick == 1 && fdir > 0) {
                change = new ConfigChange.RemoveEntry("FlowDirector", r.random().nextInt(fdir));
            } else if (pick == 2) {
                change = new ConfigChange.AddEntry("FiveTuple", value(r.fiveTupleEntry(QUEUES), fiveType.element()));
            } else {
                change = new ConfigChange.AddEntry("FlowDirector", value(r.fdirEntries(1, QUEUES).get(0), fdirType.element()));
            }
            ConfiguredGraph next;
            try {
                next = g.apply(change);
            } catch (io.nicplan.embed.input.InvalidInputException duplicateFlow) {
                assertThat(duplicateFlow.getMessage()).contains("an exact-match table holds each key once");
                continue;
            }
            patched = patched.patched(next, change);
            g = next;
            CompiledClassifier fresh = CompiledClassifier.compile(ConfiguredGraph.apply(nic, g.configuration()));
            ReferenceInterpreter reference = new ReferenceInterpreter(g.graph());
            for (int i = 0; i < 60; i++) {
                long[] p = packets.packet(r.concreteFlow("f" + i));
                List<Integer> expected = new ArrayList<>(new TreeSet<>(reference.queues(p)));
                assertThat(Arrays.stream(patched.queues(p)).boxed().toList()).as("after %s", change).isEqualTo(expected);
                assertThat(Arrays.stream(fresh.queues(p)).boxed().toList()).isEqualTo(expected);
            }
        }
    }

    private static ConfigValue value(String json, ConfigType type) {
        Problems problems = new Problems();
        ConfigValue v = io.nicplan.embed.json.JsonDocuments.parse(json, problems)
                .flatMap(node -> ConfigurationJson.convert(node, type, "", problems)).orElseThrow();
        problems.throwIfAny("test entry");
        return v;
    }
}
