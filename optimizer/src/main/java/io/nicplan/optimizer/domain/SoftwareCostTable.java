package io.nicplan.optimizer.domain;

/**
 * Software cycles per packet a flow costs on the host, by the queue it lands on, the mechanism that
 * steers it, and whether FlexTCP's fast path does its TCP receive work. Derived once from the
 * embedding (the summed cycles of the queue's software pipeline along the flow's path), so the
 * search never re-runs the embedder per move.
 */
@FunctionalInterface
public interface SoftwareCostTable {

    long cyclesPerPacket(Flow flow, int queue, Mechanism mechanism, boolean fastPath);

    /**
     * A table with fixed figures, for when no embedding is at hand: per packet, {@code base} cycles of
     * Ethernet/IPv4 receive work, plus {@code udp} or {@code tcp} cycles of L4 work (TCP's falls away on
     * the fast path), plus {@code demux} cycles of endpoint demultiplexing unless an exact filter
     * already singled the flow out.
     */
    static SoftwareCostTable fixed(long base, long udp, long tcp, long demux) {
        return (flow, queue, mechanism, fastPath) -> {
            long cycles = base;
            boolean isTcp = flow.match().proto().map(p -> p == Proto.TCP).orElse(false);
            if (isTcp) {
                cycles += fastPath ? 0 : tcp;
            } else {
                cycles += udp;
            }
            boolean exactFilter = mechanism.isFilter() && flow.match().isExact();
            if (!exactFilter && !fastPath) {
                cycles += demux;
            }
            return cycles;
        };
    }
}
