package io.nicplan.embed.reach;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.classify.QueuePredicates;
import io.nicplan.embed.configure.ConfiguredGraph;
import io.nicplan.embed.testing.Nics;
import io.nicplan.embed.testing.Solvers;
import io.nicplan.embed.ThousandEndpoints;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContextSimplifierTest {
    /** Contexts an LPG's demux nodes fix: protocol, destination port, sometimes the local address or a remote. */
    private static List<Long[]> contexts() {
        Random r = new Random(11);
        List<Long[]> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Long[] fixed = new Long[HeaderField.values().length];
            fixed[HeaderField.IP_PROTO.ordinal()] = r.nextInt(4) == 0 ? 6L : 17L;
            // Ports of the filters (10,000 + 7i, 10,001 + i) and ports none of them names.
            fixed[HeaderField.L4_DPORT.ordinal()] = (long) (r.nextBoolean() ? 10_000 + r.nextInt(250) : 20_000 + r.nextInt(200));
            if (r.nextBoolean()) {
                fixed[HeaderField.IP_DST.ordinal()] = 0x0a00_0001L;
            }
            if (r.nextInt(3) == 0) {
                fixed[HeaderField.IP_SRC.ordinal()] = 0x0a00_c800L + r.nextInt(70);
                fixed[HeaderField.L4_SPORT.ordinal()] = r.nextBoolean() ? 5000L : 6000L;
            }
            out.add(fixed);
        }
        return out;
    }

    @Test
    void sharedSimplifierGivesWhatSimplifyingEachQueueAloneGives() {
        Embedder embedder = Solvers.embedder();
        DataflowGraph nic = Nics.intel82599();
        ConfiguredGraph g = embedder.configure(nic, ThousandEndpoints.configuration(embedder, nic, "filters"));
        QueuePredicates queues = QueuePredicates.of(g);
        List<Predicate> all = new ArrayList<>();
        queues.queues().forEach(q -> all.add(queues.of(q)));
        ContextSimplifier shared = ContextSimplifier.of(all);
        int changed = 0;
        for (Long[] fixed : contexts()) {
            ContextSimplifier.Context c = shared.context(fixed);
            for (int q : queues.queues()) {
                Predicate alone = Predicates.simplify(queues.of(q), fixed);
                assertThat(shared.simplify(queues.of(q), c)).as("queue %d", q).isEqualTo(alone);
                assertThat(queues.simplifier(q).simplify(fixed)).as("queue %d, own simplifier", q).isEqualTo(alone);
                changed += alone.equals(queues.of(q)) ? 0 : 1;
            }
        }
        assertThat(changed).as("contexts that simplify some queue predicate").isGreaterThan(1000);
    }
}
