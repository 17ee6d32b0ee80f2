package io.nicplan.embed.configure;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.input.InputProblem;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.config.ConfigChange;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.config.ConfigValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationValidationTest {
    private final DataflowGraph nic = Nics.intel82599();

    private List<InputProblem> problems(String json) {
        try {
            ConfigurationReader.read(json, nic);
        } catch (InvalidInputException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    @Test
    void theTwoPlacesOfThe82599sOneSynFilterAreExclusive() {
        assertThat(problems("{\"Syn\": 2, \"SynAfterFiveTuple\": 3}"))
                .anySatisfy(p -> {
                    assertThat(p.pointer()).isEqualTo("/SynAfterFiveTuple");
                    assertThat(p.message()).contains("one register").contains("C-node Syn");
                });
        assertThat(ConfigurationReader.read("{\"SynAfterFiveTuple\": 3}", nic).value("SynAfterFiveTuple")).isPresent();
    }

    @Test
    void readsTypedValuesWithConveniences() {
        Configuration c = ConfigurationReader.read("""
                {"FiveTuple": [{"proto": "udp", "dst_ip": "10.0.0.1", "dst_port": 11211, "priority": 5, "queue": 3}],
                 "EtherType": [{"eth_type": "0x88cc", "queue": 1}],
                 "CsumOffload": true, "Syn": 2}
                """, nic);
        ConfigValue.TupleValue f = (ConfigValue.TupleValue) c.list("FiveTuple").get(0);
        assertThat(f.intField("dst_ip")).isEqualTo(0x0a000001L);
        assertThat(f.field("src_ip")).contains(ConfigValue.NONE);
        assertThat(((ConfigValue.TupleValue) c.list("EtherType").get(0)).intField("eth_type")).isEqualTo(0x88cc);
        assertThat(c.value("CsumOffload")).contains(ConfigValue.of(true));
    }

    @Test
    void writtenConfigurationReadsBackEqual() {
        Configuration c = ConfigurationReader.read("""
                {"FiveTuple": [{"proto": "udp", "src_ip": "*", "dst_ip": "10.0.0.1", "dst_port": 11211, "priority": 5, "queue": 3}],
                 "Rss": {"hash": "ipv4_udp", "key": "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa",
                         "table": [%s]}}
                """.formatted("0,".repeat(127) + "1"), nic);
        String json = ConfigurationJson.write(c, nic);
        assertThat(json).contains("\"dst_ip\" : \"10.0.0.1\"").contains("\"key\" : \"6d5a56da");
        assertThat(ConfigurationReader.read(json, nic)).isEqualTo(c);
    }

    @Test
    void valueOutOfRangeNamesItsPointer() {
        assertThat(problems("""
                {"FiveTuple": [{"proto": "udp", "dst_port": 70000, "priority": 9, "queue": 3}]}
                """)).containsExactlyInAnyOrder(
                new InputProblem("/FiveTuple/0/dst_port", "70000 does not fit 16 unsigned bits (0..65535)"),
                new InputProblem("/FiveTuple/0/priority", "9 is outside 1..7"));
    }

    @Test
    void unknownCnodeAndUnknownFieldAreRejected() {
        List<InputProblem> p = problems("""
                {"FiveTuples": [], "FiveTuple": [{"proto": "udp", "dport": 1, "priority": 1, "queue": 0}], "Wire": 1}
                """);
        assertThat(p).extracting(InputProblem::pointer).containsExactly("/FiveTuples", "/FiveTuple/0/dport", "/Wire");
        assertThat(p.get(0).message()).startsWith("no node 'FiveTuples' in Intel82599; its C-nodes are [CsumOffload, EtherType");
    }

    @Test
    void flowDirectorRejectsWildcards() {
        List<InputProblem> p = problems("""
                {"FlowDirector": [{"proto": "udp", "src_ip": "*", "dst_ip": "10.0.0.1", "src_port": 5, "dst_port": 6, "queue": 1},
                                  {"proto": "udp", "dst_ip": "10.0.0.1", "src_port": 5, "dst_port": 6, "queue": 1}]}
                """);
        assertThat(p).extracting(InputProblem::pointer).containsExactly("/FlowDirector/0/src_ip", "/FlowDirector/1/src_ip");
        assertThat(p.get(0).message()).contains("flow director filters match exact flows only");
    }

    @Test
    void flowDirectorRejectsTheSameFlowTwice() {
        String entry = "{\"proto\": \"udp\", \"src_ip\": \"10.0.0.9\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 5, \"dst_port\": 6, \"queue\": 1}";
        List<InputProblem> p = problems("{\"FlowDirector\": [" + entry + ", " + entry + "]}");
        assertThat(p).extracting(InputProblem::pointer).containsExactly("/FlowDirector/1");
    }

    @Test
    void exceedingACapacityNamesTheCnodeTheResourceAndTheLimit() {
        StringBuilder sb = new StringBuilder("{\"FiveTuple\": [");
        for (int i = 0; i < 130; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"proto\": \"udp\", \"dst_port\": ").append(i).append(", \"priority\": 1, \"queue\": 1}");
        }
        sb.append("]}");
        assertThat(problems(sb.toString())).containsExactly(new InputProblem("/FiveTuple",
                "C-node FiveTuple needs 130 of resource fivetuple_filters, but Intel82599 has 128"));
    }

    @Test
    void rssTableMustNameQueuesTheTableReaches() {
        List<InputProblem> p = problems("{\"Rss\": {\"hash\": \"ipv4\", \"table\": [" + "0,".repeat(127) + "16]}}");
        assertThat(p).containsExactly(new InputProblem("/Rss/table/127", "16 is outside 0..15"));
    }

    @Test
    void incrementalAddBeyondCapacityIsRejected() {
        StringBuilder sb = new StringBuilder("{\"FiveTuple\": [");
        for (int i = 0; i < 128; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"proto\": \"udp\", \"dst_port\": ").append(i).append(", \"priority\": 1, \"queue\": 1}");
        }
        ConfiguredGraph g = ConfiguredGraph.apply(nic, ConfigurationReader.read(sb.append("]}").toString(), nic));
        ConfigValue entry = new ConfigValue.TupleValue(Map.of("proto", new ConfigValue.SymbolValue("udp"), "priority", ConfigValue.of(1),
                "queue", ConfigValue.of(2)));
        try {
            g.apply(new ConfigChange.AddEntry("FiveTuple", entry));
            throw new AssertionError("expected rejection");
        } catch (InvalidInputException e) {
            assertThat(e.problems()).extracting(InputProblem::message)
                    .contains("C-node FiveTuple needs 129 of resource fivetuple_filters, but Intel82599 has 128");
        }
    }

    @Test
    void malformedConfigurationJsonIsReported() {
        assertThat(problems("{\"FiveTuple\": [")).singleElement().satisfies(p -> assertThat(p.message()).startsWith("malformed JSON"));
        assertThat(problems("[1, 2]")).containsExactly(new InputProblem("",
                "expected a configuration keyed by C-node id (a JSON object), got an array"));
    }
}
