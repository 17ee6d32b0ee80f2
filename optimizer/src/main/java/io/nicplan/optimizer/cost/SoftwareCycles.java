package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;

/**
 * Host software work in thousandths of kilocycles per second, i.e. cycles per second: the flow's rate times the
 * per-packet cycles of its queue's pipeline, receive and transmit (what a received packet makes the host send, an
 * ACK or a reply, on the queue's transmit queue: {@code EmbeddedCycles}), exact for a steered flow; a spread flow's
 * mean over the RSS queues, rounded half up.
 */
final class SoftwareCycles implements LinearTerm {
    @Override
    public String jsonName() {
        return "softwareCycles";
    }

    @Override
    public String unit() {
        return "kcycles/s of host software work";
    }

    @Override
    public long value(CostModel model, int i, Placement p) {
        Flow f = model.flow(i);
        if (!p.isSpread()) {
            return f.pps() * model.cycles().cyclesPerPacket(f, p.queue(), p.mechanism(), p.fastPath());
        }
        long sum = 0;
        for (int q : model.rssQueues()) {
            sum += model.cycles().cyclesPerPacket(f, q, p.mechanism(), false);
        }
        long div = model.rssQueues().size();
        return (f.pps() * sum + div / 2) / div;
    }
}
