package io.nicplan.optimizer.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the optimizer plans for: the flows, the cores each application runs on, (when the host
 * pins queue interrupts) the core that serves each queue, and the memcached key each key-value
 * request flow asks for (FlexNIC's key-value program steers those by key, {@code optimizer.kv}).
 *
 * @param keys flow id to the key its requests carry; flows without a key are absent
 */
public record Workload(List<Flow> flows, Map<String, Set<Integer>> applicationCores, Map<Integer, Integer> queueCores,
                       Map<String, String> keys) {

    public Workload {
        flows = List.copyOf(flows);
        applicationCores = Map.copyOf(applicationCores);
        queueCores = Map.copyOf(queueCores);
        keys = Map.copyOf(keys);
        Set<String> ids = new HashSet<>();
        for (Flow f : flows) {
            if (!ids.add(f.id())) {
                throw new IllegalArgumentException("flow id '" + f.id() + "' occurs twice");
            }
        }
        for (String id : keys.keySet()) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("key given for flow '" + id + "', which the workload does not have");
            }
        }
    }

    /** A workload without keyed flows. */
    public Workload(List<Flow> flows, Map<String, Set<Integer>> applicationCores, Map<Integer, Integer> queueCores) {
        this(flows, applicationCores, queueCores, Map.of());
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

    /** The same workload over {@code newFlows}; keys are kept for the flows still present. */
    public Workload withFlows(List<Flow> newFlows) {
        Set<String> ids = new HashSet<>();
        newFlows.forEach(f -> ids.add(f.id()));
        Map<String, String> kept = new java.util.HashMap<>(keys);
        kept.keySet().retainAll(ids);
        return new Workload(newFlows, applicationCores, queueCores, kept);
    }

    /** The key flow {@code id}'s requests carry, if it is a key-value request flow. */
    public Optional<String> keyOf(String id) {
        return Optional.ofNullable(keys.get(id));
    }
}
