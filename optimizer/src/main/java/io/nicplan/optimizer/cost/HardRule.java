package io.nicplan.optimizer.cost;

/** The hard rules a placement can break; any one makes a plan infeasible. */
public enum HardRule {
    /** The mechanism does not exist on the NIC, or cannot take this flow (fdir and the fast path need an exact flow). */
    MECHANISM_UNAVAILABLE("mechanismUnavailable"),
    /** More entries than a table holds. */
    CAPACITY("capacity"),
    /** A flow outside its class's queues (gold exclusivity, static split). */
    CLASS_QUEUES("classQueues"),
    /** More gold flows on a gold queue than goldFlowsPerQueue. */
    GOLD_QUEUE_FULL("goldQueueFull"),
    /** A flow on a queue served by a core its application does not run on (rule sameCore). */
    SAME_CORE("sameCore"),
    /** A flow on a reserved queue. */
    RESERVED_QUEUE("reservedQueue"),
    /** A queue with more flows than maxFlowsPerQueue. */
    MAX_FLOWS_PER_QUEUE("maxFlowsPerQueue"),
    /** A queue with more packets per second than maxPpsPerQueue (penalty: percent over, rounded up). */
    MAX_PPS_PER_QUEUE("maxPpsPerQueue"),
    /** Overlapping flows whose entries would steer one flow's packets elsewhere than its placement says. */
    OVERLAP("overlap");

    private final String jsonName;

    HardRule(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
