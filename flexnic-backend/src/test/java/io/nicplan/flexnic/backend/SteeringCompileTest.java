package io.nicplan.flexnic.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.Examples;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.expand.ChainAction;
import io.nicplan.embed.expand.ChainFunction;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.reach.StandardSolver;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.flexnic.program.Action;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Resource;
import io.nicplan.graph.config.ConfigValue;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The backend compiles the embedder's steering form, whoever built it. */
class SteeringCompileTest {

    @Test
    void aHandWrittenSteeringProgramCompilesToOneStagePerTablePlusTheFallback() {
        FilterMatch dns = FilterMatch.anyIpv4().withProto(17).withDstPort(53);
        SteeringTable table = new SteeringTable("Dns", SteeringTable.KeyFields.FIVE_TUPLE, MatchKind.TERNARY, 8,
                List.of(SteeringEntry.of(dns, MatchKind.TERNARY, 5, new SteeringAction.ToQueue(1)),
                        SteeringEntry.of(FilterMatch.anyIpv4().withProto(6), MatchKind.TERNARY, 1, new SteeringAction.ToQueue(3))));
        SteeringProgram p = new SteeringProgram("hand", List.of(table), new SteeringAction.ToQueue(0), Optional.empty(),
                new RxQueues(4, new TreeSet<>(List.of(0, 1, 2))), Optional.empty(), true);

        CompiledNic nic = NicCompiler.compile(p);

        assertThat(nic.program().tablesInOrder()).extracting(t -> t.name()).containsExactly("Dns", NicCompiler.FALLBACK_TABLE);
        assertThat(nic.program().rxQueues()).isEqualTo(4);
        List<TableEntry> dnsEntries = entries(nic, "Dns");
        assertThat(dnsEntries).extracting(TableEntry::priority).containsExactly(6, 2);
        assertThat(dnsEntries.get(0).action().primitives()).contains(new Action.Queue(1));
        // Queue 3 is disabled: the graph's Valid node drops what is steered there.
        assertThat(dnsEntries.get(1).action().primitives()).contains(new Action.Drop());
        assertThat(nic.parser().dropBadChecksums()).isTrue();
    }

    @Test
    void configurationFunctionsPluggedIntoTheEmbedderReachTheEmulator() {
        DataflowGraph prg = Descriptions.graph("intel-82599");
        Embedder plugged = new Embedder(NicFeatures.standard().functions().with(List.of(new EveryFilterToQueueTwo())),
                StandardSolver.INSTANCE);
        Configuration c = plugged.readConfiguration(prg, Examples.memcached82599Config());

        assertThat(entries(NicCompiler.compile(plugged, prg, c), "FiveTuple"))
                .allSatisfy(e -> assertThat(e.action().primitives()).contains(new Action.Queue(2)));
        assertThat(entries(NicCompiler.compile(Embedder.standard(), prg, c), "FiveTuple"))
                .allSatisfy(e -> assertThat(e.action().primitives()).contains(new Action.Queue(7)));
    }

    private static List<TableEntry> entries(CompiledNic nic, String table) {
        return nic.updates().stream().map(Update::entity).filter(e -> e instanceof TableEntry)
                .map(e -> (TableEntry) e).filter(e -> e.table().equals(table)).toList();
    }

    /**
     * The 82599's five-tuple function as a NIC whose five-tuple filters all deliver to queue 2: a
     * plugged configuration function the standard embedder does not have.
     */
    static final class EveryFilterToQueueTwo extends ChainFunction {
        @Override
        public String name() {
            return "fivetuple";
        }

        @Override
        protected String resource() {
            return Resource.FIVETUPLE_FILTERS;
        }

        @Override
        public boolean hasPriorities() {
            return true;
        }

        @Override
        protected Parsed parse(ConfigValue.TupleValue t) {
            return new Parsed((int) t.intField("priority"), fiveTuple(t), new ChainAction.ToQueue(2));
        }
    }
}
