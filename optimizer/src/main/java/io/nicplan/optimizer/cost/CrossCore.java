package io.nicplan.optimizer.cost;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.Placement;
import java.util.List;

/**
 * Packets per second landing on a queue whose core does not run the flow's application (a spread flow: its rate
 * times the share of RSS queues off those cores, rounded half up); nothing for a flow whose application's cores
 * are not known.
 */
final class CrossCore implements LinearTerm {
    @Override
    public String jsonName() {
        return "crossCore";
    }

    @Override
    public String unit() {
        return "pps handed across cores";
    }

    @Override
    public long value(CostModel model, int i, Placement p) {
        Flow f = model.flow(i);
        if (model.workload().coresOf(f).isEmpty()) {
            return 0;
        }
        if (!p.isSpread()) {
            return model.onApplicationCore(f, p.queue()) ? 0 : Term.SCALE * f.pps();
        }
        List<Integer> rss = model.rssQueues();
        long bad = rss.stream().filter(q -> !model.onApplicationCore(f, q)).count();
        return (Term.SCALE * f.pps() * bad + rss.size() / 2) / rss.size();
    }
}
