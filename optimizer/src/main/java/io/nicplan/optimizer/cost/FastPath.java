package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;

/** Packets per second of exact TCP flows left off FlexTCP's fast path, on a NIC that has fast-path slots. */
final class FastPath implements LinearTerm {
    @Override
    public String jsonName() {
        return "fastPath";
    }

    @Override
    public String unit() {
        return "pps of TCP off the fast path";
    }

    @Override
    public long value(CostModel model, int i, Placement p) {
        Flow f = model.flow(i);
        return model.nic().fastPathSlots() > 0 && f.isExactTcp() && !p.fastPath() ? Term.SCALE * f.pps() : 0;
    }
}
