package io.nicplan.bench;

import io.nicplan.optimizer.Planner;
import io.nicplan.optimizer.embedding.EmbeddedCycles;
import io.nicplan.optimizer.Replanner;
import io.nicplan.optimizer.Strategy;
import io.nicplan.optimizer.nic.NicModels;
import io.nicplan.optimizer.bench.Workloads;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Incremental re-planning: adding one flow to a 1,000-flow plan on the 82599 (10 queues), balance
 * by rate, with and without the score explanation. Target: median at most 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReplanBenchmark {
    @Param({"1000"})
    public int flows;

    @Param({"false", "true"})
    public boolean explain;

    private Planner.Request request;
    private Plan current;
    private Flow extra;

    @Setup
    public void setUp() {
        request = new Planner.Request(NicModels.builtin("intel-82599", 10), Workloads.generate(flows, 42, 0.1, 0.5, Workloads.Rates.UNEQUAL),
                CostSpecReader.read("{\"terms\": {\"balanceByRate\": 1}}"), EmbeddedCycles.NOMINAL, Strategy.OPTAPLANNER,
                Duration.ofSeconds(2), explain);
        current = Planner.plan(request);
        extra = Workloads.extraFlow(request.workload(), 7);
    }

    @Benchmark
    public Replanner.Replan addOneFlow() {
        return Replanner.add(request, current, List.of(extra));
    }
}
