package io.nicplan.optimizer.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the optimizer plans for: the flows, the cores each application runs on, and (when the host
 * pins queue interrupts) the core that serves each queue.
 */
public record Workload(List<Flow> flows, Map<String, Set<Integer>> applicationCores, Map<Integer, Integer> queueCores) {

    public Workload {
        flows = List.copyOf(flows);
        applicationCores = Map.copyOf(applicationCores);
        queueCores = Map.copyOf(queueCores);
        Set<String> ids = new HashSet<>();
        for (Flow f : flows) {
            if (!ids.add(f.id())) {
                throw new IllegalArgumentException("flow id '" + f.id() + "' occurs twice");
            }
        }
    }

    public static Workload of(List<Flow> flows) {
        return new Workload(flows, Map.of(), Map.of());
    }

    /** The cores the flow's application runs on; empty when unknown. */
    public Set<Integer> coresOf(Flow flow) {
        return flow.application().map(a -> applicationCores.getOrDefault(a, Set.of())).orElse(Set.of());
    }

    public Optional<Flow> flow(String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public Workload withFlows(List<Flow> newFlows) {
        return new Workload(newFlows, applicationCores, queueCores);
    }
}
