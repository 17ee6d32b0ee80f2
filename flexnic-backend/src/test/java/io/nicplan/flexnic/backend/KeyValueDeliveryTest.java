package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.configure.ConfigurationReader;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.flexnic.program.DmaRingSpec;
import io.nicplan.flexnic.program.RateClassSpec;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.kv.KeyOwnership;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * FlexNIC's delivery into application queues as the description and the configuration state it
 * (ASPLOS 2016 section 3): the key-value program's bucket entries DMA the key's hash and opcode
 * instead of the frame, and a queue's rate limit polices it, compiled into the emulator from the
 * configuration alone.
 */
class KeyValueDeliveryTest {
    private static final DataflowGraph FLEXNIC = Descriptions.graph("flexnic");
    private static final ProtocolState STATE = ProtocolStateJson.read(Examples.kvFlexnicState());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shipped program with {@code change} applied to each bucket entry of Stage1. */
    private static Configuration program(Consumer<ObjectNode> change) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Examples.kvFlexnicConfig());
        config.withArray("Stage1").forEach(e -> change.accept((ObjectNode) e));
        return ConfigurationReader.read(config.toString(), FLEXNIC);
    }

    private static void dmaKeyHashAndOpcode(ObjectNode entry) {
        entry.putArray("dma").add("kv_key_hash").add("kv_opcode");
    }

    @Test
    void bucketEntriesDmaTheKeysHashAndOpcodeIntoTheOwnersQueue() throws Exception {
        Configuration c = program(KeyValueDeliveryTest::dmaKeyHashAndOpcode);
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), FLEXNIC, c);
        assertThat(nic.program().dmaRings()).extracting(DmaRingSpec::name).containsExactly("queue0", "queue1", "queue2", "queue3");
        assertThat(nic.updates()).map(Update::toString).anyMatch(u -> u.contains("dma(queue2: kv.key_hash, kv.opcode)"));

        ApplyReport r = Backend.apply(Embedder.standard(), FLEXNIC, STATE, c, Predictions.classify(FLEXNIC, STATE, c), Optional.empty());
        assertThat(r.disagree()).as(r.toJson()).isEmpty();
        assertThat(r.agree()).isEqualTo(STATE.flows().size());
        // every request is a record in its owner's ring, none a frame in an RX queue
        assertThat(r.counters().get("toDma")).isEqualTo((long) STATE.flows().size() * Backend.FRAMES_PER_FLOW);
        assertThat(r.counters().get("toQueues")).isZero();
    }

    @Test
    void aQueuesRateLimitPolicesOnlyThatQueue() throws Exception {
        // queue 1 at 1 Mbit/s with a 64-byte bucket: at 100,000 requests/s only the first of each burst passes
        Configuration tight = program(e -> {
            if (e.get("queue").asInt() == 1) {
                e.put("rate_mbps", 1).put("rate_burst", 64);
            }
        });
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), FLEXNIC, tight);
        assertThat(nic.program().rateClasses()).containsExactly(new RateClassSpec("queue1", 1_000_000L, 64));
        ApplyReport r = Backend.apply(Embedder.standard(), FLEXNIC, STATE, tight, Predictions.classify(FLEXNIC, STATE, tight),
                Optional.empty());
        assertThat(r.counters().get("drop.rate_limited")).isPositive();
        List<String> onQueueOne = STATE.flows().stream().filter(f -> KeyOwnership.ownerIndex(f.key().orElseThrow(), 4) == 1)
                .map(Flow::id).toList();
        assertThat(onQueueOne).isNotEmpty();
        assertThat(r.disagree()).extracting(ApplyReport.Disagreement::flow).isNotEmpty().allMatch(onQueueOne::contains);

        // a rate above the requests' lets every one through
        Configuration roomy = program(e -> e.put("rate_mbps", 1000).put("rate_burst", 65536));
        ApplyReport all = Backend.apply(Embedder.standard(), FLEXNIC, STATE, roomy, Predictions.classify(FLEXNIC, STATE, roomy),
                Optional.empty());
        assertThat(all.disagree()).as(all.toJson()).isEmpty();
        assertThat(all.counters().getOrDefault("drop.rate_limited", 0L)).isZero();
    }

    @Test
    void twoRatesForOneQueueAndDmaWithoutAQueueAreRefused() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Examples.kvFlexnicConfig());
        ObjectNode first = (ObjectNode) config.withArray("Stage1").get(0);
        first.put("rate_mbps", 10).put("rate_burst", 1500);
        ObjectNode second = first.deepCopy().put("meta_hash", 7).put("rate_mbps", 20);
        config.withArray("Stage1").add(second);
        Configuration twoRates = ConfigurationReader.read(config.toString(), FLEXNIC);
        assertThatThrownBy(() -> NicCompiler.compile(Embedder.standard(), FLEXNIC, twoRates))
                .isInstanceOf(NicCompiler.UnsupportedConfigurationException.class)
                .hasMessageContaining("queue 0 is limited to").hasMessageContaining("a queue has one rate");

        ObjectNode hashing = (ObjectNode) JSON.readTree(Examples.kvFlexnicConfig());
        ((ObjectNode) hashing.withArray("Stage0").get(0)).putArray("dma").add("kv_key_hash");
        assertThatThrownBy(() -> ConfigurationReader.read(hashing.toString(), FLEXNIC))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("/Stage0/0/dma")
                .hasMessageContaining("needs action 'queue'");
    }

    @Test
    void theDmaFieldsAreTheHeaderFieldsTheDescriptionNames() throws Exception {
        CompiledNic nic = NicCompiler.compile(Embedder.standard(), FLEXNIC, program(e -> e.putArray("dma").add("ip_src").add("l4_sport")));
        assertThat(nic.updates()).map(Update::toString).anyMatch(u -> u.contains("dma(queue0: ip.src, l4.sport)"));
    }
}
