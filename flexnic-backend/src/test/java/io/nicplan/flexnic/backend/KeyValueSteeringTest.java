package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.graph.DataflowGraph;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * FlexNIC's key-value steering program (ASPLOS 2016) end to end: the shipped example parsed,
 * embedded, classified and applied to the emulator with real memcached binary requests; every
 * request lands on the queue of the core that owns its key.
 */
class KeyValueSteeringTest {

    private static final int CORES = 4;

    /** The owner of a key as the store partitions keys: CRC32C of its bytes mod the core count (queue q serves core q). */
    private static int owner(String key) {
        CRC32C crc = new CRC32C();
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        crc.update(b, 0, b.length);
        return (int) (crc.getValue() % CORES);
    }

    @Test
    void everyRequestLandsOnTheCoreThatOwnsItsKeyAsClassificationPredicts() throws Exception {
        DataflowGraph prg = Descriptions.graph("flexnic");
        ProtocolState state = ProtocolStateJson.read(Examples.kvFlexnicState());
        Configuration c = ConfigurationReader.read(Examples.kvFlexnicConfig(), prg);

        Predictions predicted = Predictions.classify(prg, state, c);
        ApplyReport r = Backend.apply(Embedder.standard(), prg, state, c, predicted, Optional.empty());

        assertThat(r.disagree()).as(r.toJson()).isEmpty();
        assertThat(r.agree()).isEqualTo(state.flows().size());
        // The keys of one client socket spread over the owners: steering is by key, not by flow.
        Map<String, Integer> owners = state.flows().stream().collect(Collectors.toMap(Flow::id, f -> owner(f.key().orElseThrow())));
        assertThat(owners.values().stream().distinct().count()).isGreaterThan(1);
        Map<String, Integer> byOwner = state.flows().stream().collect(Collectors.toMap(Flow::id, f -> owner(f.key().orElseThrow())));
        ApplyReport againstOwners = Backend.apply(Embedder.standard(), prg, state, c, Predictions.ofQueues(byOwner), Optional.empty());
        assertThat(againstOwners.disagree()).as(againstOwners.toJson()).isEmpty();
        assertThat(againstOwners.agree()).isEqualTo(state.flows().size());
        // One client's four keys: not all on one queue.
        List<Integer> clientOne = state.flows().stream().filter(f -> f.id().startsWith("c1-")).map(f -> owner(f.key().orElseThrow())).toList();
        assertThat(clientOne.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void withoutTheHashStageEveryRequestOfAClientTakesOneQueue() throws Exception {
        DataflowGraph prg = Descriptions.graph("flexnic");
        ProtocolState state = ProtocolStateJson.read(Examples.kvFlexnicState());
        // Only RSS: a client's requests follow its 5-tuple, whatever key they ask for.
        Configuration rssOnly = ConfigurationReader.read("""
                {"Rss": {"hash": "ipv4_l4", "table": [%s]}, "Queues": [0, 1, 2, 3]}
                """.formatted("0, 1, 2, 3, ".repeat(31) + "0, 1, 2, 3"), prg);
        ApplyReport r = Backend.apply(Embedder.standard(), prg, state, rssOnly, Predictions.classify(prg, state, rssOnly), Optional.empty());
        assertThat(r.disagree()).as(r.toJson()).isEmpty();
        Map<String, Integer> owners = state.flows().stream().collect(Collectors.toMap(Flow::id, f -> owner(f.key().orElseThrow())));
        ApplyReport againstOwners = Backend.apply(Embedder.standard(), prg, state, rssOnly, Predictions.ofQueues(owners), Optional.empty());
        assertThat(againstOwners.disagree()).as("RSS alone cannot follow key ownership").isNotEmpty();
    }

    @Test
    void aFlowWithAKeyIsAMemcachedRequestToItsPort() throws Exception {
        String state = Examples.kvFlexnicState().replace("\"dst\": \"10.0.0.1:11211\", \"pps\": 100000, \"bytes\": 80, \"key\": \"user:1001\"",
                "\"dst\": \"10.0.0.1:8080\", \"pps\": 100000, \"bytes\": 80, \"key\": \"user:1001\"");
        assertThatThrownBy(() -> ProtocolStateJson.read(state))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("/flows/0/key").hasMessageContaining("port 11211");
        String spaced = Examples.kvFlexnicState().replace("\"key\": \"user:1001\"}", "\"key\": \"user 1001\"}");
        assertThatThrownBy(() -> ProtocolStateJson.read(spaced)).hasMessageContaining("no spaces");
    }

    @Test
    void theKeyHashAndMetadataMatchesReachTheEmulatorProgram() throws Exception {
        DataflowGraph prg = Descriptions.graph("flexnic");
        Configuration c = ConfigurationReader.read(Examples.kvFlexnicConfig(), prg);
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), prg, c);
        assertThat(nic.parser().kvPort()).isEqualTo(11211);
        assertThat(nic.updates().stream().map(Object::toString).collect(Collectors.joining("\n")))
                .contains("hash(4)").contains("meta.hash").contains("kv.magic");
        // A plain program reads no application header.
        CompiledNic plain = NicCompiler.compile(Embedder.standard(), Descriptions.graph("intel-82599"),
                ConfigurationReader.read(Examples.memcached82599Config(), Descriptions.graph("intel-82599")));
        assertThat(plain.parser().kvPort()).isZero();
    }
}
