package io.nicplan.optimizer.bench;

import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.nic.FastPathSpec;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.RssSpec;
import io.nicplan.optimizer.nic.Steering;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compact models of the shipped 82599 and FlexNIC descriptions (same C-node ids and figures as
 * intel-82599.unicorn and flexnic.unicorn), for benchmarks and tests that run without parsing.
 * {@link io.nicplan.optimizer.nic.NicModels#fromPrg} derives the same models from the parsed PRGs.
 */
public final class BenchNics {
    private BenchNics() {
    }

    /**
     * Intel 82599 with {@code queues} queues enabled: 128 five-tuple filters (datasheet), 2046
     * flow-director perfect filters (ixgbe default allocation), RSS with 128 entries over 16 queues.
     */
    public static NicModel intel82599(int queues) {
        return new NicModel("Intel82599", queues, 0,
                List.of(new Steering(Mechanism.FIVETUPLE, "FiveTuple", 128, 0),
                        new Steering(Mechanism.FDIR, "FlowDirector", 2046, 1)),
                Optional.of(new RssSpec("Rss", 128, Math.min(16, queues))), Optional.empty(), Optional.of("Queues"));
    }

    /**
     * FlexNIC with {@code queues} queues: 4 match-action stages of 2048 entries, FlexTCP with 128K
     * flow slots, RSS with 128 entries over every queue.
     */
    public static NicModel flexnic(int queues) {
        List<Steering> stages = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            stages.add(new Steering(Mechanism.MATCH_ACTION, "Stage" + s, 2048, s));
        }
        return new NicModel("FlexNIC", queues, 0, stages, Optional.of(new RssSpec("Rss", 128, queues)),
                Optional.of(new FastPathSpec("FastPath", 131_072)), Optional.of("Queues"));
    }
}
