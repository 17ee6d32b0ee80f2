package io.nicplan.app.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.app.InputException;
import io.nicplan.app.Samples;
import io.nicplan.app.nic.Nics;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {
    private static final DataflowGraph INTEL = Nics.shippedGraph("intel-82599");

    @Test
    void aBadProtocolStateIsAnInputExceptionWithEveryProblemAtItsPointer() {
        String bad = "{\"interfaces\": [], \"applications\": [], \"endpoints\": [], \"flows\": [{\"id\": \"f\", \"pps\": -5}]}";
        assertThatThrownBy(() -> Embeddings.readState(bad)).isInstanceOfSatisfying(InputException.class, e -> {
            assertThat(e.subject()).isEqualTo("protocol state");
            assertThat(e.problems()).anySatisfy(p -> assertThat(p.pointer()).startsWith("/flows/0"));
            assertThat(e.describe()).startsWith("invalid protocol state:");
        });
    }

    @Test
    void filtersLeaveLessSoftwareBehindTheQueuesAndEveryFlowIsClassified() {
        ProtocolState state = Embeddings.readState(Samples.memcachedState());
        Configuration filters = Embeddings.readConfiguration(INTEL, Samples.memcached82599Config());
        long plain = Embeddings.embed(INTEL, state, Configuration.EMPTY).queues().stream()
                .mapToLong(q -> q.softwareNodes().size() * (long) q.flows().size()).sum();
        long filtered = Embeddings.embed(INTEL, state, filters).queues().stream()
                .mapToLong(q -> q.softwareNodes().size() * (long) q.flows().size()).sum();
        assertThat(filtered).isLessThan(plain);
        assertThat(Embeddings.classify(INTEL, state, filters).toJson()).contains("placements");
    }
}
