package io.nicplan.app.export;

import io.nicplan.app.Samples;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.descriptions.driver.Target;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.OptionalInt;

/** Plans the export tests use: the shipped 82599 example and demo plans on every shipped NIC with a Linux driver. */
final class ExportSamples {
    /** Shipped description names of the NICs with a Linux driver. */
    static final List<String> LINUX_NICS = List.of("intel-82599", "intel-x710", "solarflare-sfc9020", "virtio-net");

    /** Local-search steps of the demo plans' OptaPlanner runs. */
    private static final int STEP_LIMIT = 200;

    private ExportSamples() {
    }

    /** One plan: its NIC, a name for messages, its configuration, and each flow's planned mechanism (demo plans). */
    record Sample(String nic, String name, DataflowGraph prg, Configuration configuration, Map<String, String> mechanisms) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Sample memcached82599() {
        DataflowGraph prg = Nics.shippedGraph("intel-82599");
        return new Sample("intel-82599", "intel-82599 memcached example", prg,
                Embeddings.readConfiguration(prg, Samples.memcached82599Config()), Map.of());
    }

    /** The demo's workload planned with {@code strategies} on every NIC with a Linux driver, over 10 queues (the demo's). */
    static List<Sample> demoPlans(List<Strategy> strategies) {
        return demoPlans(strategies, Target.HARDWARE, STEP_LIMIT);
    }

    /**
     * The demo's workload planned for {@code target} with {@code strategies} on every NIC with a Linux driver, over 10
     * queues (the demo's), optaplanner ending after {@code steps} local-search steps. Software cycles are measured once
     * per NIC (the strategies share the prepared problem).
     */
    static List<Sample> demoPlans(List<Strategy> strategies, Target target, int steps) {
        return plans(Samples.demoState(7), strategies, target, steps);
    }

    /** {@code state} planned as {@link #demoPlans(List, Target, int)} plans the demo's workload. */
    static List<Sample> plans(io.nicplan.embed.state.ProtocolState state, List<Strategy> strategies, Target target, int steps) {
        List<Sample> out = new ArrayList<>();
        for (String nic : LINUX_NICS) {
            DataflowGraph prg = Nics.shippedGraph(nic);
            Plans.Prepared prepared = Plans.prepare(PlanProblem.of(prg, state, Samples.demoCost())
                    // OptaPlanner ends by step count, so the plan is the same on any machine.
                    .withStepLimit(OptionalInt.of(steps)).withTimeLimit(Duration.ofMinutes(2))
                    .withQueues(OptionalInt.of(Math.min(10, queues(prg)))).withExplain(false).withTarget(target));
            for (Strategy s : strategies) {
                var plan = prepared.withStrategy(s).plan();
                out.add(new Sample(nic, nic + " " + s.name().toLowerCase(java.util.Locale.ROOT)
                        + (target == Target.HARDWARE ? "" : " (" + target.symbol() + ")"), prg,
                        new Configuration(plan.configuration()),
                        plan.placements().stream().collect(Collectors.toMap(p -> p.flow(), p -> p.mechanism().name()))));
            }
        }
        return out;
    }

    private static int queues(DataflowGraph prg) {
        return prg.resource(io.nicplan.graph.Resource.RX_QUEUES).map(r -> (int) r.capacity()).orElse(1);
    }

    /** Every flow of {@code state} and the queues classification puts it on under {@code c}. */
    static Map<String, List<Integer>> queues(Sample s, io.nicplan.embed.state.ProtocolState state, Configuration c) {
        Map<String, List<Integer>> m = new java.util.TreeMap<>();
        Embeddings.classify(s.prg(), state, c).placements().forEach(p -> m.put(p.flow(), List.copyOf(p.queues())));
        return m;
    }

    /** The export of {@code s}: exact when the target takes the whole plan, else best effort. */
    static ExportResult export(Sample s, ExportFormat format, ExportOptions options) {
        try {
            return Exports.export(s.prg(), s.configuration(), format, options);
        } catch (UnexpressiblePlanException e) {
            return Exports.export(s.prg(), s.configuration(), format, options.withBestEffort(true));
        }
    }
}
