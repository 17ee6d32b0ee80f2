package io.nicplan.optimizer.kv;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The key-value steering program of a workload whose flows carry memcached keys (FlexNIC, ASPLOS
 * 2016, section 2: "hash the key ... steer to the core that owns it"): one stage that hashes the
 * key of requests to each listening {@code (proto, port)} into {@code meta.hash} = crc32c(key) mod
 * {@code buckets}, and one stage mapping bucket j to {@code bucketQueues[j]}, a queue served by the
 * key's owner ({@link KeyOwnership}).
 *
 * <p>The bucket count is k·m for k owner cores and m the most queues one owner core has (capped by
 * the bucket stage's entries), so every bucket has one owner (k divides the count) and an owner with
 * several queues spreads its buckets over them, heaviest bucket first onto its least-loaded queue by
 * the requests' packet rates. With one queue per core that is the hand-written program of
 * examples/kv-flexnic-config.json.
 *
 * @param application the store's application
 * @param buckets the hash stage's bucket count
 * @param bucketQueues queue of each bucket
 * @param queueOf flow id to the queue its requests land on
 * @param listeners the (protocol, destination port) pairs whose requests are hashed, in first-seen order
 */
public record KeyValueProgram(String application, int buckets, List<Integer> bucketQueues, Map<String, Integer> queueOf,
                              List<Listener> listeners) {

    /** Requests of one protocol to one port: the hash stage's entries. */
    public record Listener(Proto proto, int port) {
    }

    public KeyValueProgram {
        bucketQueues = List.copyOf(bucketQueues);
        queueOf = Map.copyOf(queueOf);
        listeners = List.copyOf(listeners);
        if (bucketQueues.size() != buckets) {
            throw new IllegalArgumentException(buckets + " buckets, " + bucketQueues.size() + " bucket queues");
        }
    }

    /**
     * The program for the keyed flows of {@code workload} over {@code queues} queues, the bucket
     * stage holding at most {@code maxBuckets} entries; empty when no flow carries a key. Queue q is
     * served by the workload's queue core, or, when it names none, by c_(q mod k) (docs/formats.md
     * "Queue cores").
     *
     * @throws KeyOwnershipException when a keyed flow reaches no application, keyed flows belong to
     *     two applications (one hash stage serves one store), an owner core serves none of the
     *     queues, or the owners outnumber the buckets
     */
    public static Optional<KeyValueProgram> plan(Workload workload, int queues, int maxBuckets) {
        List<Flow> keyed = workload.flows().stream().filter(f -> workload.keys().containsKey(f.id())).toList();
        if (keyed.isEmpty()) {
            return Optional.empty();
        }
        Set<String> applications = new LinkedHashSet<>();
        for (Flow f : keyed) {
            applications.add(f.application().orElseThrow(() -> new KeyOwnershipException("flow '" + f.id() + "' requests key '"
                    + workload.keys().get(f.id()) + "' but reaches no endpoint, so no application's cores own the key")));
        }
        if (applications.size() > 1) {
            throw new KeyOwnershipException("keyed flows reach applications " + applications
                    + "; FlexNIC's hash stage partitions one store's keys, so one application may own keys");
        }
        String application = applications.iterator().next();
        List<Integer> cores = new ArrayList<>(new java.util.TreeSet<>(workload.applicationCores().getOrDefault(application, Set.of())));
        if (cores.isEmpty()) {
            throw new KeyOwnershipException("application '" + application + "' owns the keys but names no core");
        }
        int k = cores.size();
        Map<Integer, List<Integer>> queuesOfCore = new TreeMap<>();
        cores.forEach(c -> queuesOfCore.put(c, new ArrayList<>()));
        for (int q = 0; q < queues; q++) {
            int core = workload.queueCores().getOrDefault(q, cores.get(q % k));
            if (queuesOfCore.containsKey(core)) {
                queuesOfCore.get(core).add(q);
            }
        }
        for (int core : cores) {
            if (queuesOfCore.get(core).isEmpty()) {
                String example = keyed.stream().map(f -> workload.keys().get(f.id()))
                        .filter(key -> KeyOwnership.owner(key, cores) == core).findFirst()
                        .map(key -> " (key '" + key + "' among them)").orElse("");
                throw new KeyOwnershipException("core " + core + " of application '" + application + "' owns the keys with crc32c(key) mod "
                        + k + " = " + cores.indexOf(core) + example + ", but none of the " + queues + " planned queues is served by core "
                        + core + " (queue q is served by " + (workload.queueCores().isEmpty() ? "core c_(q mod " + k + ")"
                        : "the workload's queue cores " + workload.queueCores()) + "); plan at least " + k
                        + " queues, one on each of cores " + cores);
            }
        }
        if (k > maxBuckets) {
            throw new KeyOwnershipException(k + " cores own keys, but the bucket stage holds " + maxBuckets + " entries");
        }
        int perCore = queuesOfCore.values().stream().mapToInt(List::size).max().orElse(1);
        int buckets = k * Math.max(1, Math.min(perCore, maxBuckets / k));

        long[] bucketPps = new long[buckets];
        for (Flow f : keyed) {
            bucketPps[(int) (KeyOwnership.keyHash(workload.keys().get(f.id())) % buckets)] += f.pps();
        }
        Integer[] bucketQueue = new Integer[buckets];
        for (int owner = 0; owner < k; owner++) {
            List<Integer> serving = queuesOfCore.get(cores.get(owner));
            long[] load = new long[serving.size()];
            List<Integer> own = new ArrayList<>();
            for (int j = owner; j < buckets; j += k) {
                own.add(j);
            }
            // heaviest bucket first onto the owner's least-loaded queue (ties: the lower queue), a longest-processing-time split
            own.sort(Comparator.comparingLong((Integer j) -> -bucketPps[j]).thenComparingInt(j -> j));
            int spare = 0;
            for (int j : own) {
                int best = 0;
                for (int s = 1; s < serving.size(); s++) {
                    if (load[s] < load[best]) {
                        best = s;
                    }
                }
                if (bucketPps[j] == 0) {
                    // buckets no planned request falls in go round the owner's queues, for the keys still to come
                    best = spare++ % serving.size();
                }
                load[best] += bucketPps[j];
                bucketQueue[j] = serving.get(best);
            }
        }
        Map<String, Integer> queueOf = new LinkedHashMap<>();
        Set<Listener> listeners = new LinkedHashSet<>();
        for (Flow f : keyed) {
            queueOf.put(f.id(), bucketQueue[(int) (KeyOwnership.keyHash(workload.keys().get(f.id())) % buckets)]);
            listeners.add(new Listener(f.match().proto().orElseThrow(), f.match().dstPort().orElseThrow()));
        }
        return Optional.of(new KeyValueProgram(application, buckets, List.of(bucketQueue), queueOf, new ArrayList<>(listeners)));
    }

    /** Whether flow {@code id}'s requests are steered by this program. */
    public boolean steers(String id) {
        return queueOf.containsKey(id);
    }
}
