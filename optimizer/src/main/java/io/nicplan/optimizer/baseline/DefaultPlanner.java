package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.domain.Placement;
import java.util.ArrayList;
import java.util.List;

/**
 * The NIC's own behaviour: no filters, RSS over its default queues (or everything on the default
 * queue when the NIC has no RSS). Use with a model compiled with {@link CostModel.RssPolicy#NIC_DEFAULT}.
 */
public final class DefaultPlanner {
    private DefaultPlanner() {
    }

    public static List<Placement> plan(CostModel model) {
        List<Placement> out = new ArrayList<>(model.flowCount());
        for (int i = 0; i < model.flowCount(); i++) {
            out.add(model.unfiltered(i));
        }
        return out;
    }
}
