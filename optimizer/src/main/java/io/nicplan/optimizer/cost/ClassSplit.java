package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.nic.NicModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * Which queues each traffic class may use: every queue no rule reserves, unless a {@link ClassBalance} term in use
 * (priority or static) splits them; also the gold queues whose gold flows are capped, and why the split cannot be
 * met (e.g. more gold flows than exclusive queues can take).
 */
final class ClassSplit {
    private final NicModel nic;
    private final List<Flow> flows;
    private final CostSpec spec;
    private final boolean[] reserved;
    private final EnumMap<TrafficClass, boolean[]> allowed = new EnumMap<>(TrafficClass.class);
    private boolean[] goldQueue;
    private final List<String> reasons = new ArrayList<>();

    private ClassSplit(NicModel nic, List<Flow> flows, CostSpec spec, boolean[] reserved) {
        this.nic = nic;
        this.flows = flows;
        this.spec = spec;
        this.reserved = reserved;
        boolean[] eligible = new boolean[nic.queues()];
        for (int q = 0; q < eligible.length; q++) {
            eligible[q] = !reserved[q];
        }
        allowed.put(TrafficClass.GOLD, eligible.clone());
        allowed.put(TrafficClass.BESTEFFORT, eligible.clone());
        goldQueue = new boolean[nic.queues()];
    }

    /** The split for the terms of {@code spec}: the first splitting term's, in the standard order (priority before static). */
    static ClassSplit of(NicModel nic, List<Flow> flows, CostSpec spec, boolean[] reserved) {
        ClassSplit s = new ClassSplit(nic, flows, spec, reserved);
        for (Term t : spec.weights().keySet()) {
            if (t instanceof ClassBalance) {
                ((ClassBalance) t).split(s);
                break;
            }
        }
        return s;
    }

    // ---- for the splitting terms ----------------------------------------------------------------

    CostSpec spec() {
        return spec;
    }

    List<Flow> flows() {
        return flows;
    }

    int queues() {
        return nic.queues();
    }

    int defaultQueue() {
        return nic.defaultQueue();
    }

    /** Whether a class may be given queue {@code q} at all (no rule reserves it). */
    boolean eligible(int q) {
        return !reserved[q];
    }

    /** Checks a queue the specification names at {@code pointer}. */
    void checkQueue(int q, String pointer) {
        if (q < 0 || q >= nic.queues()) {
            throw new CostSpecException(pointer, "queue " + q + " does not exist on " + nic.name() + " (queues 0.." + (nic.queues() - 1) + ")");
        }
    }

    void reason(String why) {
        reasons.add(why);
    }

    /** The split: each class's queues, and whether the gold ones are exclusive and capped. */
    void set(boolean[] gold, boolean[] bestEffort, boolean capsGold) {
        allowed.put(TrafficClass.GOLD, gold);
        allowed.put(TrafficClass.BESTEFFORT, bestEffort);
        goldQueue = capsGold ? gold.clone() : new boolean[nic.queues()];
    }

    // ---- for the model ---------------------------------------------------------------------------

    /** The queues class {@code c} may use (the array itself: callers do not change it). */
    boolean[] queuesOf(TrafficClass c) {
        return allowed.get(c);
    }

    public boolean allows(TrafficClass c, int q) {
        return allowed.get(c)[q];
    }

    /** Whether {@code q} is an exclusive gold queue whose gold flows are capped. */
    public boolean isGoldQueue(int q) {
        return goldQueue[q];
    }

    public List<String> reasons() {
        return List.copyOf(reasons);
    }
}
