package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.optimizer.baseline.ExhaustivePlanner;
import io.nicplan.optimizer.baseline.GreedyPlanner;
import io.nicplan.optimizer.bench.SearchBench;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Spread terms are in the load's own unit, so their weights trade against the per-flow terms'. */
class TermUnitsTest {
    /** Queue 3's core runs a cheap pipeline (100 cycles per packet); every other queue's costs 400. */
    private static final SoftwareCostTable CHEAP_QUEUE_THREE = (flow, queue, mechanism, fastPath) -> queue == 3 ? 100 : 400;

    @Test
    void softwareCyclesPullFlowsToTheCheapQueueAsItsWeightGrows() {
        NicModel nic = NicModels.builtin("intel-82599", 4);
        Workload w = Workloads.generate(6, 7, 0.0, 0.5, Workloads.Rates.UNEQUAL);
        long total = w.flows().stream().mapToLong(Flow::pps).sum();
        long[] weights = {0, 1, 10, 100, 10_000};
        long[] onCheap = new long[weights.length];
        long[] cycles = new long[weights.length];
        long[] spread = new long[weights.length];
        for (int k = 0; k < weights.length; k++) {
            CostSpec spec = CostSpec.of(Term.BALANCE_BY_RATE).withWeight(Term.SOFTWARE_CYCLES, weights[k]);
            CostModel model = CostModel.compile(nic, w, spec, CHEAP_QUEUE_THREE);
            List<Placement> optimum = ExhaustivePlanner.plan(model, GreedyPlanner.plan(model));
            CostState state = CostState.of(model, optimum);
            assertThat(state.hard()).isZero();
            onCheap[k] = state.queuePps(3);
            cycles[k] = state.term(Term.SOFTWARE_CYCLES);
            spread[k] = state.term(Term.BALANCE_BY_RATE);
        }
        // softwareCycles off: the cheap queue is one of three balanced queues, below the mean load
        assertThat(onCheap[0]).isLessThan(total / 3);
        for (int k = 1; k < weights.length; k++) {
            assertThat(onCheap[k]).as("weight %d", weights[k]).isGreaterThanOrEqualTo(onCheap[k - 1]);
            assertThat(cycles[k]).as("weight %d", weights[k]).isLessThanOrEqualTo(cycles[k - 1]);
            assertThat(spread[k]).as("weight %d", weights[k]).isGreaterThanOrEqualTo(spread[k - 1]);
        }
        // weight 1 breaks ties between equally even plans in favour of the cheap queue (same spread, fewer cycles)
        assertThat(spread[1]).isEqualTo(spread[0]);
        assertThat(cycles[1]).isLessThan(cycles[0]);
        // weight 10 trades: 300 cycles per packet saved is worth a less even spread
        assertThat(spread[2]).isGreaterThan(spread[1]);
        assertThat(cycles[2]).isLessThan(cycles[1]);
        // and the largest weight puts every flow on the cheap queue
        assertThat(onCheap[weights.length - 1]).isEqualTo(total);
        // the spread then is its maximum, (|B| - 1) * T = 2T packets per second
        assertThat(spread[weights.length - 1]).isEqualTo(2 * total * Term.SCALE);
    }

    @Test
    void rateSpreadIsTheSquaredDeviationOverTheMeanInPacketsPerSecond() {
        // the search bench's 10-flow instance on 16 queues, some flows left to RSS (spread over the table's queues)
        NicModel nic = NicModels.builtin("intel-82599", 16);
        Workload w = Workloads.generate(10, 52, 0.1, 0.5, Workloads.Rates.UNEQUAL);
        CostModel model = CostModel.compile(nic, w, SearchBench.spec("balanceByRate", w), EmbeddedCycles.NOMINAL);
        SpreadScope scope = model.scopes().get(0);
        List<Integer> balanced = new ArrayList<>();
        for (int q = 0; q < model.queues(); q++) {
            if (scope.balances(q)) {
                balanced.add(q);
            }
        }
        double total = w.flows().stream().mapToLong(Flow::pps).sum();
        double mean = total / balanced.size();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 50; round++) {
            List<Placement> ps = new ArrayList<>();
            double[] load = new double[model.queues()];
            for (int i = 0; i < model.flowCount(); i++) {
                Placement p = model.options(i).get(rnd.nextInt(model.options(i).size()));
                ps.add(p);
                for (int q : model.lands(p)) {
                    load[q] += (double) model.flow(i).pps() / model.lands(p).size();
                }
            }
            double expected = 0;
            for (int q : balanced) {
                expected += (load[q] - mean) * (load[q] - mean) / mean;
            }
            long value = CostState.of(model, ps).term(Term.BALANCE_BY_RATE);
            assertThat((double) value).as("round %d", round).isCloseTo(expected * Term.SCALE, org.assertj.core.data.Offset.offset(0.5 + 1e-6 * expected * Term.SCALE));
            assertThat(value).isBetween(0L, (balanced.size() - 1) * (long) total * Term.SCALE);
        }
    }
}
