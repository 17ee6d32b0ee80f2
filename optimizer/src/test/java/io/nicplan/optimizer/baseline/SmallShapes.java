package io.nicplan.optimizer.baseline;

import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Proto;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.NicModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded small planning instances of many shapes, for holding the search to the exhaustive optimum: 6-10
 * flows on 3-8 queues of an 82599-like NIC (scarce or plentiful filters) or FlexNIC; balance, balanceByRate or
 * priority (by count or rate) with optional per-flow terms; a per-queue pps rule that binds or not, a flow cap,
 * reserved queues, sameCore; equal, heavy-tailed or one dominant rate; gold flows; wildcard flows RSS spreads.
 * One seed always gives the same instance.
 */
public final class SmallShapes {
    /** The server all flows go to: 10.0.0.1. */
    private static final long SERVER = 0x0A00_0001L;

    private SmallShapes() {
    }

    /** One instance: what it is, and its compiled objective. */
    public record Instance(long seed, String shape, CostModel model) {
        @Override
        public String toString() {
            return "seed " + seed + " " + shape;
        }
    }

    /** The instance of {@code seed}. */
    public static Instance of(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + 17);
        StringBuilder shape = new StringBuilder();
        int flows = 6 + rnd.nextInt(5);
        int queues = 3 + rnd.nextInt(6);
        boolean flexnic = rnd.nextInt(4) == 0;
        boolean scarce = !flexnic && rnd.nextInt(3) == 0;
        NicModel nic;
        if (flexnic) {
            nic = NicModels.builtin("flexnic", queues);
            shape.append("flexnic q").append(queues);
        } else {
            int fivetuple = scarce ? rnd.nextInt(3) : 2 + rnd.nextInt(flows);
            int fdir = scarce ? rnd.nextInt(3) : 2 + rnd.nextInt(flows);
            nic = OptimalityTest.smallNic(queues, fivetuple, fdir);
            shape.append("82599 q").append(queues).append(" 5t").append(fivetuple).append(" fdir").append(fdir);
        }
        String rates = List.of("equal", "unequal", "dominant", "unequal").get(rnd.nextInt(4));
        double goldShare = List.of(0.0, 0.2, 0.4).get(rnd.nextInt(3));
        int wildcards = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0;
        List<Flow> list = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < flows; i++) {
            Proto proto = rnd.nextBoolean() ? Proto.TCP : Proto.UDP;
            long client = 0x0A01_0000L + 2 + rnd.nextInt(4000);
            int sport = 1024 + rnd.nextInt(60_000);
            int dport = proto == Proto.TCP ? 80 : 11211;
            long pps = switch (rates) {
                case "equal" -> 10_000;
                default -> Math.round(Math.exp(Math.log(1_000) + rnd.nextDouble() * Math.log(200.0)));
            };
            FlowMatch match = i >= flows - wildcards
                    // a wildcard source port: RSS cannot hash it to one bucket, so it spreads
                    ? new FlowMatch(Optional.of(proto), OptionalLong.of(client), OptionalLong.of(SERVER), OptionalInt.empty(), OptionalInt.of(dport))
                    : FlowMatch.exact(proto, client, SERVER, sport, dport);
            TrafficClass c = rnd.nextDouble() < goldShare ? TrafficClass.GOLD : TrafficClass.BESTEFFORT;
            Optional<String> app = Optional.of("app" + rnd.nextInt(2));
            list.add(new Flow("f" + i, match, c, pps, 64, app));
            sum += pps;
        }
        if (rates.equals("dominant")) {
            // one flow carries as much as all the others together
            int d = rnd.nextInt(flows);
            Flow f = list.get(d);
            list.set(d, new Flow(f.id(), f.match(), rnd.nextBoolean() ? TrafficClass.GOLD : f.trafficClass(), sum, 64, f.application()));
            sum *= 2;
        }
        shape.append(" n").append(flows).append(' ').append(rates).append(" gold").append(goldShare);
        if (wildcards > 0) {
            shape.append(" wild").append(wildcards);
        }
        String term = List.of("balance", "balanceByRate", "priority", "priorityByRate", "balanceByRate").get(rnd.nextInt(5));
        StringBuilder terms = new StringBuilder();
        switch (term) {
            case "priority" -> terms.append("\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": ").append(1 + rnd.nextInt(2)).append('}');
            case "priorityByRate" -> terms.append("\"priority\": {\"weight\": 1, \"goldFlowsPerQueue\": ").append(1 + rnd.nextInt(3))
                    .append(", \"byRate\": true}");
            default -> terms.append('"').append(term).append("\": ").append(1 + rnd.nextInt(3));
        }
        int extra = rnd.nextInt(6);
        if (extra == 1) {
            terms.append(", \"softwareCycles\": 1");
        } else if (extra == 2) {
            terms.append(", \"crossCore\": 1");
        } else if (extra == 3 && flexnic) {
            terms.append(", \"fastPath\": 1");
        }
        StringBuilder rules = new StringBuilder();
        int rule = rnd.nextInt(6);
        int reservedQueue = 1 + rnd.nextInt(queues - 1);
        boolean sameCore = false;
        if (rule == 1) {
            // a pps cap: sometimes generous (does not bind at the optimum), sometimes tight
            long cap = rnd.nextBoolean() ? sum : sum * 2 / Math.max(1, queues - 1);
            rules.append("\"maxPpsPerQueue\": ").append(Math.max(1, cap));
        } else if (rule == 2 && queues > 3) {
            rules.append("\"reservedQueues\": [").append(reservedQueue).append(']');
        } else if (rule == 3) {
            rules.append("\"maxFlowsPerQueue\": ").append(2 + rnd.nextInt(3));
        } else if (rule == 4) {
            rules.append("\"sameCore\": true");
            sameCore = true;
        }
        String spec = "{\"terms\": {" + terms + "}" + (rules.length() > 0 ? ", \"rules\": {" + rules + "}" : "") + "}";
        shape.append(' ').append(spec);
        Map<Integer, Integer> queueCores = new java.util.HashMap<>();
        for (int q = 0; q < queues; q++) {
            queueCores.put(q, q % 2);
        }
        Workload w = new Workload(list, Map.of("app0", Set.of(0), "app1", Set.of(sameCore ? 1 : rnd.nextInt(2))), queueCores);
        CostModel model = CostModel.compile(nic, w, CostSpecReader.read(spec), OptimalityTest.CYCLES);
        return new Instance(seed, shape.toString(), model);
    }
}
