package io.nicplan.optimizer.bench;

import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seeded synthetic workloads: exact client flows to a server (as in Dragonet's memcached runs), a
 * share of them gold, with equal or unequal (log-uniform, heavy-tailed) packet rates.
 */
public final class Workloads {
    /** The server address all flows go to: 10.0.0.1. */
    public static final long SERVER = 0x0A00_0001L;

    /** How packet rates are drawn. */
    public enum Rates {
        /** Every flow 10,000 pps. */
        EQUAL,
        /** Log-uniform between 1,000 and 200,000 pps. */
        UNEQUAL
    }

    private Workloads() {
    }

    /**
     * {@code n} exact flows from distinct clients; {@code goldShare} of them gold; TCP with
     * probability {@code tcpShare}, else UDP.
     */
    public static Workload generate(int n, long seed, double goldShare, double tcpShare, Rates rates) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Flow> flows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Proto proto = rnd.nextDouble() < tcpShare ? Proto.TCP : Proto.UDP;
            long client = 0x0A01_0000L + 2 + i;
            int sport = 1024 + rnd.nextInt(60_000);
            int dport = proto == Proto.TCP ? 80 : 11211;
            TrafficClass c = rnd.nextDouble() < goldShare ? TrafficClass.GOLD : TrafficClass.BESTEFFORT;
            long pps = rates == Rates.EQUAL ? 10_000 : Math.round(Math.exp(Math.log(1_000) + rnd.nextDouble() * Math.log(200.0)));
            flows.add(new Flow("f" + i, FlowMatch.exact(proto, client, SERVER, sport, dport), c, pps, 64, Optional.empty()));
        }
        return Workload.of(flows);
    }

    /** One more flow for {@code w}, from a client no flow of {@code w} uses. */
    public static Flow extraFlow(Workload w, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long client = 0x0A02_0000L + w.flows().size() + rnd.nextInt(1 << 15);
        return new Flow("new" + seed, FlowMatch.exact(Proto.UDP, client, SERVER, 1024 + rnd.nextInt(60_000), 11211),
                TrafficClass.BESTEFFORT, 10_000, 64, Optional.empty());
    }
}
