package io.nicplan.optimizer.cost;

import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.domain.SoftwareCostTable;
import io.nicplan.optimizer.domain.TrafficClass;
import io.nicplan.optimizer.domain.Workload;
import io.nicplan.optimizer.kv.KeyValueProgram;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.Steering;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objective compiled for one NIC and workload: every flow's candidate placements, the value of
 * every term and rule for any placement, the spread scopes, capacities and overlaps. Every strategy
 * (OptaPlanner's constraints, greedy, exhaustive, default) reads term values from here, so their costs
 * are comparable by construction.
 */
public final class CostModel {
    /** Which queues the RSS indirection table spreads over. */
    public enum RssPolicy {
        /** The planner's table: the best-effort class's balanced queues. */
        PLANNED,
        /** The NIC's own: equal weights over the first {@code min(queues, rss queues)} queues. */
        NIC_DEFAULT
    }

    /**
     * The hash a plan of IPv4 flows configures (ipv4_l4: the 4-tuple for TCP and UDP, the address pair otherwise),
     * so the optimizer's RSS placement is the embedder's classification. A plan with IPv6 flows configures
     * {@link #IPV6_RSS_HASH} where the NIC declares it ({@link #rssHashFor}).
     */
    public static final RssHashType RSS_HASH = RssHashType.IPV4_L4;

    /**
     * The hash a plan with IPv6 flows configures where the NIC's RSS C-node declares it: ip_l4, the same fields for
     * both families (the 4-tuple for TCP and UDP, the address pair otherwise), so IPv6 flows spread over the table as
     * IPv4 ones do instead of all taking entry 0.
     */
    public static final RssHashType IPV6_RSS_HASH = RssHashType.IP_L4;

    /**
     * Largest total packet rate accepted (1 Gpps, several times a 100GbE port's line rate of 148.8 Mpps):
     * keeps every weighted sum inside a long with values in thousandths ({@link Term#SCALE}); a spread
     * term is at most SCALE * (|B| - 1) * T, times a weight of at most 10,000.
     */
    public static final long MAX_TOTAL_PPS = 1_000_000_000L;

    private final NicModel nic;
    private final Workload workload;
    private final CostSpec spec;
    private final SoftwareCostTable cycles;
    private final Map<String, Placement> current;
    private final RssPolicy rssPolicy;
    private final List<Flow> flows;
    private final int queues;
    private final boolean[] reserved;
    private final ClassSplit split;
    private final int[] rssTable;
    /** The hash type the plan configures ({@link #rssHashFor}). */
    private final RssHashType rssHash;
    /** The Toeplitz key every RSS bucket is computed with: the standard one unless the plan chooses it. */
    private final Toeplitz rssKey;
    private final List<Integer> rssQueues;
    private final int[] rssQueueOf;
    /** Per flow: its RSS bucket, or -1. */
    private final int[] rssBucketOf;
    /** Whether the plan chooses the queue of each bucket a flow hashes into ({@link CostSpec#chooseRssTable}). */
    private final boolean chosenRssTable;
    private final int[] queueCore;
    private final List<SpreadScope> scopes = new ArrayList<>();
    private final List<Term> terms;
    private final List<LinearTerm> linearTerms = new ArrayList<>();
    private final List<QueueCountTerm> countTerms = new ArrayList<>();
    /** The count of one whole flow in {@link QueueCounts}: the RSS queues when some flow spreads over them, else 1. */
    private long countShare = 1;
    private final long[] linearWeight;
    private final java.util.IdentityHashMap<Term, Integer> termIndex = new java.util.IdentityHashMap<>();
    private final EnumMap<Pool, Integer> capacity = new EnumMap<>(Pool.class);
    private final List<List<Placement>> options = new ArrayList<>();
    private final List<List<Placement>> choices = new ArrayList<>();
    /** By mechanism, fast path and queue: the filter placements the flows' candidates share ({@link #filterPlacement}). */
    private final Placement[] filterPlacements;
    private final Overlaps overlaps;
    private final Map<String, Integer> indexById;
    private final boolean[] hasMechanism = new boolean[Mechanism.values().length];
    /** FlexNIC's key-value program for the workload's keyed flows, when the NIC has the two stages it needs. */
    private final Optional<KeyValueProgram> keyValue;
    /** Per flow: whether the key-value program steers it (by its key, not its 5-tuple). */
    private final boolean[] steeredByKey;

    private CostModel(NicModel nic, Workload workload, CostSpec spec, SoftwareCostTable cycles,
                      Map<String, Placement> current, RssPolicy rssPolicy) {
        this.nic = nic;
        this.workload = workload;
        this.spec = spec;
        this.cycles = cycles;
        this.current = Map.copyOf(current);
        this.rssPolicy = rssPolicy;
        this.flows = workload.flows();
        this.queues = nic.queues();
        this.filterPlacements = new Placement[Mechanism.values().length * 2 * queues];
        Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            ids.put(flows.get(i).id(), i);
        }
        this.indexById = Collections.unmodifiableMap(ids);
        for (Mechanism m : Mechanism.values()) {
            hasMechanism[m.ordinal()] = nic.has(m);
        }
        long totalPps = flows.stream().mapToLong(Flow::pps).reduce(0L, CostModel::saturatingAdd);
        if (totalPps > MAX_TOTAL_PPS) {
            throw new IllegalArgumentException("the flows' rates add up to " + totalPps + " pps; at most " + MAX_TOTAL_PPS + " are supported");
        }
        this.reserved = new boolean[queues];
        for (int q : spec.rules().reservedQueues()) {
            checkQueue(q, "/rules/reservedQueues");
            reserved[q] = true;
        }
        this.split = ClassSplit.of(nic, flows, spec, reserved);
        this.terms = List.copyOf(spec.weights().keySet());
        for (Term t : terms) {
            termIndex.put(t, termIndex.size());
            if (t instanceof LinearTerm) {
                linearTerms.add((LinearTerm) t);
            } else if (t instanceof QueueCountTerm) {
                countTerms.add((QueueCountTerm) t);
            }
        }
        this.linearWeight = linearTerms.stream().mapToLong(spec::weight).toArray();
        boolean[] rssBalanced = ScopeFactory.balanced(split.queuesOf(TrafficClass.BESTEFFORT), spec, nic.defaultQueue());
        this.rssHash = rssHashFor(nic, flows);
        RssLayout rss = new RssLayout(nic, flows, rssPolicy, rssBalanced, rssHash, Toeplitz.standard());
        Toeplitz key = Toeplitz.standard();
        if (rssPolicy == RssPolicy.PLANNED && spec.chooseRssKey() && nic.rss().isPresent()) {
            // the seeded key under which RSS alone spreads the concrete flows' packets most evenly (the standard key
            // first, so ties keep it)
            double best = rss.spreadOfConcreteFlows(flows);
            for (int k = 1; k < RSS_KEY_CANDIDATES; k++) {
                Toeplitz candidate = Toeplitz.withKey(seededKey(k));
                RssLayout layout = new RssLayout(nic, flows, rssPolicy, rssBalanced, rssHash, candidate);
                double spread = layout.spreadOfConcreteFlows(flows);
                if (spread < best) {
                    best = spread;
                    rss = layout;
                    key = candidate;
                }
            }
        }
        this.rssKey = key;
        this.rssQueues = rss.queues();
        this.rssTable = rss.table();
        this.rssQueueOf = rss.queueOf();
        this.rssBucketOf = rss.bucketOf();
        // Under the linux target ethtool -X sets no per-entry table: the layout's runs are the plan's choice.
        this.chosenRssTable = rssPolicy == RssPolicy.PLANNED && spec.chooseRssTable() && nic.rss().isPresent()
                && !nic.rss().get().ethtoolTable();
        this.queueCore = new int[queues];
        for (int q = 0; q < queues; q++) {
            queueCore[q] = workload.queueCores().getOrDefault(q, -1);
        }
        capacity.put(Pool.FIVETUPLE, nic.capacity(Mechanism.FIVETUPLE));
        capacity.put(Pool.FDIR, nic.capacity(Mechanism.FDIR));
        this.keyValue = keyValueProgram(nic, workload);
        this.steeredByKey = new boolean[flows.size()];
        int keyedFlows = 0;
        for (int i = 0; i < flows.size(); i++) {
            steeredByKey[i] = keyValue.isPresent() && keyValue.get().steers(flows.get(i).id());
            keyedFlows += steeredByKey[i] ? 1 : 0;
        }
        // The program takes the first two stages (hash, buckets); the other stages hold flows' own entries. A keyed
        // flow's placement counts one match-action entry (CostModel#pools knows placements, not flows), so its own
        // entries are added back here and the per-flow entries get exactly the other stages' room.
        capacity.put(Pool.MATCH_ACTION, keyValue.isEmpty() ? nic.capacity(Mechanism.MATCH_ACTION)
                : nic.steerings(Mechanism.MATCH_ACTION).stream().skip(KEY_VALUE_STAGES).mapToInt(Steering::capacity).sum() + keyedFlows);
        capacity.put(Pool.FLOWSTATE, nic.fastPathSlots());
        buildScopes();
        // Flows offered the same filters on the same queues (most of a class's) have equal choices: one list serves them.
        Map<List<Placement>, List<Placement>> sameChoices = new java.util.HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            List<Placement> own = List.copyOf(candidates(i));
            options.add(own);
            List<Placement> shared = new ArrayList<>(own);
            shared.set(0, Placement.UNFILTERED);
            choices.add(sameChoices.computeIfAbsent(shared, List::copyOf));
        }
        this.overlaps = new Overlaps(nic, flows, steeredByKey);
        if (chosenRssTable) {
            overlaps.addSameBuckets(rssBucketOf);
        }
    }

    /**
     * Compiles the objective.
     *
     * @param current the placements of the installed plan by flow id (for the churn term); may be empty
     * @throws CostSpecException when the specification names a queue the NIC does not have
     */
    public static CostModel compile(NicModel nic, Workload workload, CostSpec spec, SoftwareCostTable cycles,
                                    Map<String, Placement> current, RssPolicy rssPolicy) {
        return new CostModel(nic, workload, spec, cycles, current, rssPolicy);
    }

    public static CostModel compile(NicModel nic, Workload workload, CostSpec spec, SoftwareCostTable cycles) {
        return compile(nic, workload, spec, cycles, Map.of(), RssPolicy.PLANNED);
    }

    /**
     * The hash type a plan for these flows configures on this NIC: {@link #IPV6_RSS_HASH} when some flow is IPv6 and
     * the NIC's RSS C-node declares it, else {@link #RSS_HASH}, which keeps the plans of IPv4-only states as they were.
     * A NIC whose description declares IPv4 hashes only keeps ipv4_l4: its IPv6 flows take entry 0.
     */
    public static RssHashType rssHashFor(NicModel nic, List<Flow> flows) {
        boolean ipv6 = flows.stream().anyMatch(f -> f.match().ipv6());
        return ipv6 && nic.rss().map(r -> r.declares(IPV6_RSS_HASH)).orElse(false) ? IPV6_RSS_HASH : RSS_HASH;
    }

    /** The hash type this plan configures ({@link #rssHashFor}); the model's RSS buckets are hashed with it. */
    public RssHashType rssHash() {
        return rssHash;
    }

    /**
     * The RSS indirection-table index of a flow's packets under {@link #RSS_HASH} and the standard key
     * ({@link RssLayout#bucket}); -1 when a wildcard field makes the packets spread.
     */
    public static int rssBucket(FlowMatch m, int entries) {
        return RssLayout.bucket(m, RSS_HASH, entries);
    }

    /** {@link #rssBucket(FlowMatch, int)} under any of the embedder's hash types ({@link RssHashType}). */
    public static int rssBucket(FlowMatch m, RssHashType type, int entries) {
        return RssLayout.bucket(m, type, entries);
    }

    private void buildScopes() {
        boolean anySpread = false;
        for (int i = 0; i < flows.size(); i++) {
            anySpread |= rssQueueOf[i] == Placement.SPREAD;
        }
        // a spread flow adds a whole share to each of the R RSS queues when loads are counted in R-ths
        long shareScale = anySpread ? Math.max(1, rssQueues.size()) : 1;
        countShare = shareScale;
        ScopeFactory factory = new ScopeFactory(spec, flows, reserved, nic.defaultQueue(), split, shareScale, scopes);
        for (Term t : terms) {
            if (t instanceof SpreadTerm) {
                ((SpreadTerm) t).addScopes(factory);
            }
        }
    }

    // ---- candidates ----------------------------------------------------------------------------

    /** Match-action stages FlexNIC's key-value program takes: the hash stage and the bucket stage. */
    public static final int KEY_VALUE_STAGES = 2;

    /**
     * The key-value program of the workload's keyed flows on a NIC with at least {@link #KEY_VALUE_STAGES}
     * match-action stages (FlexNIC); empty without keyed flows or on another NIC, whose filters then see keyed
     * flows as the 5-tuples they are.
     */
    private static Optional<KeyValueProgram> keyValueProgram(NicModel nic, Workload workload) {
        List<Steering> stages = nic.steerings(Mechanism.MATCH_ACTION);
        if (workload.keys().isEmpty() || stages.size() < KEY_VALUE_STAGES) {
            return Optional.empty();
        }
        // meta.hash buckets: at most the bucket stage's entries and FlexNIC's 65,536 (the hash_buckets bound)
        return KeyValueProgram.plan(workload, nic.queues(), Math.min(stages.get(1).capacity(), MAX_HASH_BUCKETS));
    }

    /** The largest {@code hash_buckets} of the FlexNIC description's match-action entries. */
    private static final int MAX_HASH_BUCKETS = 65_536;

    /** FlexNIC's key-value program of the workload, when the NIC runs one ({@link #keyValueProgram}). */
    public Optional<KeyValueProgram> keyValueProgram() {
        return keyValue;
    }

    /** Whether the key-value program steers flow {@code i} by its key. */
    public boolean steeredByKey(int i) {
        return steeredByKey[i];
    }

    private List<Placement> candidates(int i) {
        Flow f = flows.get(i);
        if (steeredByKey[i]) {
            // FlexNIC's key-value program decides: the queue of the core owning the key, whatever the other terms say
            return List.of(new Placement(Mechanism.MATCH_ACTION, keyValue.orElseThrow().queueOf().get(f.id()), false));
        }
        List<Placement> out = new ArrayList<>();
        Mechanism unfiltered = nic.unfiltered();
        out.add(new Placement(unfiltered, unfiltered == Mechanism.RSS ? rssQueueOf[i] : nic.defaultQueue(), false));
        if (choosesBucketOf(i)) {
            // the plan may point the flow's bucket at any queue of the table
            for (int q : rssQueues) {
                if (q != rssQueueOf[i]) {
                    out.add(new Placement(Mechanism.RSS, q, false));
                }
            }
        }
        List<Integer> qs = new ArrayList<>();
        boolean[] classQueues = split.queuesOf(f.trafficClass());
        for (int q = 0; q < queues; q++) {
            if (classQueues[q] && !reserved[q] && (!spec.rules().sameCore() || onApplicationCore(f, q))) {
                qs.add(q);
            }
        }
        if (qs.isEmpty()) {
            for (int q = 0; q < queues; q++) {
                qs.add(q);
            }
        }
        boolean exact = f.match().isExact();
        for (Mechanism m : FILTER_MECHANISMS) {
            // a flow is offered no filter that cannot match it (an IPv6 flow where the NIC's filters are IPv4 only)
            if (!nic.has(m) || nic.capacity(m) == 0 || (m == Mechanism.FDIR && !exact) || !nic.canHold(m, f.match())) {
                continue;
            }
            for (int q : qs) {
                out.add(filterPlacement(m, q, false));
            }
        }
        if (nic.fastPath().isPresent() && nic.has(Mechanism.MATCH_ACTION) && f.isExactTcp() && nic.fastPathSlots() > 0) {
            for (int q : qs) {
                out.add(filterPlacement(Mechanism.MATCH_ACTION, q, true));
            }
        }
        return out;
    }

    /** The one placement in a filter of {@code mechanism} on queue {@code q}: every flow's candidates share it. */
    private Placement filterPlacement(Mechanism mechanism, int q, boolean fastPath) {
        int k = (mechanism.ordinal() * 2 + (fastPath ? 1 : 0)) * queues + q;
        if (filterPlacements[k] == null) {
            filterPlacements[k] = new Placement(mechanism, q, fastPath);
        }
        return filterPlacements[k];
    }

    /** The filters a flow may be offered, in the order its candidates list them. */
    private static final List<Mechanism> FILTER_MECHANISMS = List.of(Mechanism.FIVETUPLE, Mechanism.FDIR, Mechanism.MATCH_ACTION);

    /** Whether the two overlapping flows' placements contradict what the NIC would do with their packets. */
    public boolean overlapViolated(Overlap o, Placement first, Placement second) {
        return overlaps.violated(o, first, second);
    }

    /** Filter priority of a flow's entry: more specific matches first (82599 5-tuple priority 1..7). */
    public static int entryPriority(Flow flow) {
        return 1 + flow.match().specifiedFields();
    }

    // ---- term and rule values ------------------------------------------------------------------

    /** The terms in use (weighted in the specification), in the order plans list them. */
    public List<Term> terms() {
        return terms;
    }

    /** The per-flow terms in use. */
    public List<LinearTerm> linearTerms() {
        return linearTerms;
    }

    /** The flow-count terms in use ({@link QueueCountTerm}). */
    public List<QueueCountTerm> countTerms() {
        return countTerms;
    }

    /** The count of one whole flow in {@link QueueCounts}. */
    public long countShare() {
        return countShare;
    }

    /** The place of a term in use in {@link #terms()}; -1 when not in use. */
    public int termIndex(Term term) {
        return termIndex.getOrDefault(term, -1);
    }

    /** Value of a per-flow (linear) soft term for flow {@code i} at placement {@code p}, in thousandths of its unit ({@link Term#SCALE}). */
    public long linear(LinearTerm term, int i, Placement p) {
        return term.value(this, i, p);
    }

    /** The weighted sum of every per-flow term in use for flow {@code i} at {@code p}: what the placement adds to the soft cost by itself. */
    public long weightedLinear(int i, Placement p) {
        long sum = 0;
        for (int k = 0; k < linearTerms.size(); k++) {
            sum += linearWeight[k] * linearTerms.get(k).value(this, i, p);
        }
        return sum;
    }

    /** Whether queue {@code q}'s core runs the flow's application (or either is unknown). */
    public boolean onApplicationCore(Flow f, int q) {
        Set<Integer> cores = workload.coresOf(f);
        return cores.isEmpty() || q < 0 || q >= queues || queueCore[q] < 0 || cores.contains(queueCore[q]);
    }

    /** Whether placement {@code p} of flow {@code i} breaks a per-flow hard rule. */
    public boolean violates(HardRule rule, int i, Placement p) {
        Flow f = flows.get(i);
        switch (rule) {
            case MECHANISM_UNAVAILABLE:
                return !valid(i, p);
            case CLASS_QUEUES:
                return !landsWithin(p, split.queuesOf(f.trafficClass()));
            case RESERVED_QUEUE:
                if (!p.isSpread()) {
                    return p.queue() < queues && reserved[p.queue()];
                }
                return rssQueues.stream().anyMatch(q -> reserved[q]);
            case SAME_CORE:
                if (!spec.rules().sameCore()) {
                    return false;
                }
                if (!p.isSpread()) {
                    return !onApplicationCore(f, p.queue());
                }
                return rssQueues.stream().anyMatch(q -> !onApplicationCore(f, q));
            default:
                throw new IllegalArgumentException(rule + " is not a per-flow rule");
        }
    }

    private boolean valid(int i, Placement p) {
        Flow f = flows.get(i);
        Mechanism m = p.mechanism();
        if (!hasMechanism[m.ordinal()] || p.queue() >= queues) {
            return false;
        }
        if (m == Mechanism.RSS && p.queue() != rssQueueOf[i] && !(choosesBucketOf(i) && rssQueues.contains(p.queue()))) {
            return false;
        }
        if (m == Mechanism.DEFAULT && p.queue() != nic.defaultQueue()) {
            return false;
        }
        if ((m == Mechanism.FDIR && !f.match().isExact()) || !nic.canHold(m, f.match())) {
            return false;
        }
        return !p.fastPath() || (nic.fastPathSlots() > 0 && m == Mechanism.MATCH_ACTION && f.isExactTcp());
    }

    private boolean landsWithin(Placement p, boolean[] set) {
        if (!p.isSpread()) {
            return p.queue() < queues && set[p.queue()];
        }
        for (int q : rssQueues) {
            if (!set[q]) {
                return false;
            }
        }
        return true;
    }

    /** The queues a placement's packets reach: one, or the RSS table's queues for a spread flow. */
    public List<Integer> lands(Placement p) {
        if (p.isSpread()) {
            return rssQueues;
        }
        return p.queue() < queues ? List.of(p.queue()) : List.of();
    }

    /** The tables a placement takes an entry from. */
    public static List<Pool> pools(Placement p) {
        return switch (p.mechanism()) {
            case FIVETUPLE -> FIVETUPLE_POOL;
            case FDIR -> FDIR_POOL;
            case MATCH_ACTION -> p.fastPath() ? FAST_PATH_POOLS : MA_POOL;
            default -> List.of();
        };
    }

    private static final List<Pool> FIVETUPLE_POOL = List.of(Pool.FIVETUPLE);
    private static final List<Pool> FDIR_POOL = List.of(Pool.FDIR);
    private static final List<Pool> MA_POOL = List.of(Pool.MATCH_ACTION);
    private static final List<Pool> FAST_PATH_POOLS = List.of(Pool.MATCH_ACTION, Pool.FLOWSTATE);

    public int capacity(Pool pool) {
        return capacity.get(pool);
    }

    /** Gold flows one gold queue may take under the priority term; 0 when unlimited. */
    public int goldCap(int queue) {
        return queue >= 0 && queue < queues && split.isGoldQueue(queue) ? spec.goldFlowsPerQueue() : 0;
    }

    /** Hard penalty of a queue carrying {@code pps} under rule maxPpsPerQueue: percent over, rounded up. */
    public long ppsExcess(long pps) {
        if (spec.rules().maxPpsPerQueue().isEmpty()) {
            return 0;
        }
        long max = spec.rules().maxPpsPerQueue().getAsLong();
        return pps <= max ? 0 : ceilDiv((pps - max) * 100, max);
    }

    /** Hard penalty of a queue carrying {@code flows} flows under rule maxFlowsPerQueue. */
    public long flowsExcess(long count) {
        return spec.rules().maxFlowsPerQueue().isEmpty() ? 0 : Math.max(0, count - spec.rules().maxFlowsPerQueue().getAsInt());
    }

    // ---- accessors -----------------------------------------------------------------------------

    public NicModel nic() {
        return nic;
    }

    public Workload workload() {
        return workload;
    }

    public CostSpec spec() {
        return spec;
    }

    public SoftwareCostTable cycles() {
        return cycles;
    }

    public RssPolicy rssPolicy() {
        return rssPolicy;
    }

    public List<Flow> flows() {
        return flows;
    }

    public int flowCount() {
        return flows.size();
    }

    public Flow flow(int i) {
        return flows.get(i);
    }

    public Optional<Integer> indexOf(String flowId) {
        return Optional.ofNullable(indexById.get(flowId));
    }

    public int queues() {
        return queues;
    }

    /** Candidate placements of flow {@code i}; the first is the unfiltered one (RSS or default queue). */
    public List<Placement> options(int i) {
        return options.get(i);
    }

    /** The solver's values for flow {@code i}: {@link #options} with the first replaced by {@link Placement#UNFILTERED}. */
    public List<Placement> choices(int i) {
        return choices.get(i);
    }

    /** The placement a flow gets with no entry of its own. */
    public Placement unfiltered(int i) {
        return options.get(i).get(0);
    }

    public List<SpreadScope> scopes() {
        return scopes;
    }

    public List<Overlap> overlaps() {
        return overlaps.all();
    }

    public List<Overlap> overlapsOf(int i) {
        return overlaps.of(i);
    }

    /** The queues the RSS indirection table points to, in table order. */
    public List<Integer> rssQueues() {
        return rssQueues;
    }

    /** How many keys a plan that chooses its RSS key tries: the standard key and {@code RSS_KEY_CANDIDATES - 1} seeded ones. */
    public static final int RSS_KEY_CANDIDATES = 16;

    /** Candidate key {@code k} (1 and up) of a plan that chooses its RSS key: 40 bytes drawn with seed k. */
    static byte[] seededKey(int k) {
        byte[] key = new byte[Toeplitz.standardKey().length];
        new java.util.SplittableRandom(k).nextBytes(key);
        return key;
    }

    /** The plan's RSS key when it is not the standard one ({@link CostSpec#chooseRssKey}); empty for the standard key. */
    public Optional<byte[]> rssKey() {
        return java.util.Arrays.equals(rssKey.key(), Toeplitz.standardKey()) ? Optional.empty() : Optional.of(rssKey.key());
    }

    /** The round-robin indirection table: entry i holds a queue. */
    public int[] rssTable() {
        return rssTable.clone();
    }

    /**
     * The indirection table of a plan: round-robin over {@link #rssQueues()}, and, when the plan chooses the table,
     * each bucket a flow placed by RSS hashes into pointing at that flow's queue (flows sharing a bucket agree, or
     * the plan breaks the overlap rule). The buckets no such flow uses stay round-robin, so a wildcard flow's
     * packets still spread over every table queue.
     */
    public int[] rssTable(List<Placement> placements) {
        int[] table = rssTable.clone();
        if (chosenRssTable) {
            for (int i = 0; i < placements.size(); i++) {
                Placement p = placements.get(i);
                if (p != null && p.mechanism() == Mechanism.RSS && !p.isSpread() && rssBucketOf[i] >= 0) {
                    table[rssBucketOf[i]] = p.queue();
                }
            }
        }
        return table;
    }

    /** Whether the plan chooses the queue of flow {@code i}'s RSS bucket. */
    public boolean choosesBucketOf(int i) {
        return chosenRssTable && rssBucketOf[i] >= 0;
    }

    public boolean isGoldQueue(int q) {
        return split.isGoldQueue(q);
    }

    public boolean allows(TrafficClass c, int q) {
        return split.allows(c, q);
    }

    public boolean isReserved(int q) {
        return reserved[q];
    }

    /** The core serving queue {@code q}; -1 when not known. */
    public int queueCore(int q) {
        return queueCore[q];
    }

    /** Why the input cannot be planned feasibly, found before any search (e.g. too many gold flows). */
    public List<String> structuralReasons() {
        return split.reasons();
    }

    /** The installed placement of a flow, when re-planning. */
    public Optional<Placement> currentPlacement(String flowId) {
        return Optional.ofNullable(current.get(flowId));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void checkQueue(int q, String pointer) {
        if (q < 0 || q >= queues) {
            throw new CostSpecException(pointer, "queue " + q + " does not exist on " + nic.name() + " (queues 0.." + (queues - 1) + ")");
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
