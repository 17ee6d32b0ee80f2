package io.nicplan.flexnic.program;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Toeplitz;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The layout of a FlexNIC pipeline: RX queues, the match-action tables of each ingress stage,
 * RSS contexts, DMA rings, named counters and rate classes. Entries are not part of it; they are
 * written afterwards in batches through the runtime. Construction checks everything and throws
 * {@link InvalidProgramException} listing every problem.
 */
public record FlexNicProgram(int rxQueues, int defaultQueue, List<TableSpec> tables, List<RssContextSpec> rssContexts,
        List<DmaRingSpec> dmaRings, List<CounterSpec> counters, List<RateClassSpec> rateClasses) {

    /** Stages of the pipeline; RMT-style switch pipelines have 32 (Bosshart et al., SIGCOMM 2013). */
    public static final int MAX_STAGES = 32;
    public static final int MAX_QUEUES = 1024;
    public static final int MAX_TABLE_CAPACITY = 1 << 20;
    public static final int MAX_INDIRECTION_SIZE = 4096;
    public static final int MAX_DMA_SLOTS = 1 << 20;
    public static final int MAX_DMA_SLOT_SIZE = 1 << 16;
    /** Host memory one DMA ring may take (slots times slot size). */
    public static final long MAX_DMA_RING_BYTES = 1L << 28;

    public FlexNicProgram {
        tables = List.copyOf(tables);
        rssContexts = List.copyOf(rssContexts);
        dmaRings = List.copyOf(dmaRings);
        counters = List.copyOf(counters);
        rateClasses = List.copyOf(rateClasses);
        List<String> problems = new ArrayList<>();
        if (rxQueues < 1 || rxQueues > MAX_QUEUES) {
            problems.add("rx queues must be 1.." + MAX_QUEUES + ", got " + rxQueues);
        }
        if (defaultQueue < 0 || defaultQueue >= Math.max(rxQueues, 1)) {
            problems.add("default queue " + defaultQueue + " is not one of the " + rxQueues + " RX queues");
        }
        checkNames("table", tables.stream().map(TableSpec::name).toList(), problems);
        checkNames("rss context", rssContexts.stream().map(RssContextSpec::name).toList(), problems);
        checkNames("dma ring", dmaRings.stream().map(DmaRingSpec::name).toList(), problems);
        checkNames("counter", counters.stream().map(CounterSpec::name).toList(), problems);
        checkNames("rate class", rateClasses.stream().map(RateClassSpec::name).toList(), problems);
        for (RssContextSpec rss : rssContexts) {
            checkRss(rss, rxQueues, problems);
        }
        for (DmaRingSpec ring : dmaRings) {
            if (ring.slots() < 1 || ring.slots() > MAX_DMA_SLOTS || ring.slotSize() < 1 || ring.slotSize() > MAX_DMA_SLOT_SIZE) {
                problems.add("dma ring " + ring.name() + ": slots must be 1.." + MAX_DMA_SLOTS + " and slot size 1.."
                        + MAX_DMA_SLOT_SIZE + ", got " + ring.slots() + " x " + ring.slotSize());
            } else if ((long) ring.slots() * ring.slotSize() > MAX_DMA_RING_BYTES) {
                problems.add("dma ring " + ring.name() + ": " + ring.slots() + " slots x " + ring.slotSize() + " bytes exceed "
                        + (MAX_DMA_RING_BYTES >> 20) + " MiB of host memory");
            }
        }
        for (RateClassSpec rc : rateClasses) {
            if (rc.bitsPerSecond() < 1 || rc.burstBytes() < 1 || rc.burstBytes() > (1L << 30)) {
                problems.add("rate class " + rc.name() + ": rate must be >= 1 bit/s and burst 1.." + (1L << 30)
                        + " bytes, got " + rc.bitsPerSecond() + " bit/s, " + rc.burstBytes() + " bytes");
            }
        }
        for (TableSpec table : tables) {
            checkTable(table, !rssContexts.isEmpty(), problems);
            checkActionInto(table.defaultAction(), rxQueues, rssContexts, dmaRings, counters, rateClasses, problems,
                    "table " + table.name() + " default action: ");
        }
        if (!problems.isEmpty()) {
            throw new InvalidProgramException(problems);
        }
    }

    /** A builder with one RX queue, default queue 0 and nothing else. */
    public static Builder builder() {
        return new Builder();
    }

    /** Tables in pipeline order: by stage, then declaration order. */
    public List<TableSpec> tablesInOrder() {
        return tables.stream().sorted(Comparator.comparingInt(TableSpec::stage)).toList();
    }

    public Optional<TableSpec> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<RssContextSpec> rssContext(String name) {
        return rssContexts.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public int indexOfRssContext(String name) {
        return indexOf(rssContexts.stream().map(RssContextSpec::name).toList(), name);
    }

    public int indexOfDmaRing(String name) {
        return indexOf(dmaRings.stream().map(DmaRingSpec::name).toList(), name);
    }

    public int indexOfCounter(String name) {
        return indexOf(counters.stream().map(CounterSpec::name).toList(), name);
    }

    public int indexOfRateClass(String name) {
        return indexOf(rateClasses.stream().map(RateClassSpec::name).toList(), name);
    }

    /** Header fields the FlexNIC parser fills (all but {@code ip.local}, which needs host state it lacks). */
    public static boolean isParsed(HeaderField field) {
        return field != HeaderField.IP_LOCAL;
    }

    /**
     * Checks an action against this program: at most one fate, queues in range, named RSS
     * contexts, rings, counters and rate classes exist, marks fit 32 bits, DMA records fit a slot.
     *
     * @return the first problem, or empty if the action is valid here
     */
    public Optional<String> checkAction(ActionSpec action) {
        List<String> problems = new ArrayList<>();
        checkActionInto(action, rxQueues, rssContexts, dmaRings, counters, rateClasses, problems, "");
        return problems.stream().findFirst();
    }

    // Static, with the components as parameters, because the compact constructor calls it
    // before the record's fields are assigned.
    private static void checkActionInto(ActionSpec action, int rxQueues, List<RssContextSpec> rssContexts,
            List<DmaRingSpec> dmaRings, List<CounterSpec> counters, List<RateClassSpec> rateClasses,
            List<String> problems, String where) {
        long fates = action.primitives().stream().filter(a -> a.fate() != Fate.NONE).count();
        if (fates > 1) {
            problems.add(where + "more than one fate in '" + action + "' (drop, fastpath, dma, queue, rss)");
        }
        for (Action a : action.primitives()) {
            if (a instanceof Action.Queue q) {
                if (q.queue() < 0 || q.queue() >= rxQueues) {
                    problems.add(where + "queue " + q.queue() + " is not one of the " + rxQueues + " RX queues");
                }
            } else if (a instanceof Action.Rss r) {
                if (indexOf(rssContexts.stream().map(RssContextSpec::name).toList(), r.context()) < 0) {
                    problems.add(where + "no rss context '" + r.context() + "'");
                }
            } else if (a instanceof Action.Dma d) {
                int ring = indexOf(dmaRings.stream().map(DmaRingSpec::name).toList(), d.ring());
                if (ring < 0) {
                    problems.add(where + "no dma ring '" + d.ring() + "'");
                } else {
                    int record = d.fields().stream().mapToInt(FlexNicProgram::byteWidth).sum();
                    for (HeaderField f : d.fields()) {
                        if (!isParsed(f)) {
                            problems.add(where + "dma field " + f + " is not produced by the parser");
                        }
                    }
                    if (!d.payload() && record > dmaRings.get(ring).slotSize()) {
                        problems.add(where + "dma record of " + record + " bytes exceeds ring '" + d.ring() + "' slot size "
                                + dmaRings.get(ring).slotSize());
                    }
                }
            } else if (a instanceof Action.SetMark m) {
                if ((m.mask() & ~0xffffffffL) != 0 || (m.value() & ~0xffffffffL) != 0 || m.mask() == 0) {
                    problems.add(where + "mark value and mask must fit 32 bits and the mask must not be 0: " + a);
                }
            } else if (a instanceof Action.SetHash h) {
                if (h.buckets() < 1 || h.buckets() > Action.SetHash.MAX_BUCKETS) {
                    problems.add(where + "hash buckets must be 1.." + Action.SetHash.MAX_BUCKETS + ", got " + h.buckets());
                }
            } else if (a instanceof Action.RateLimit rl) {
                if (indexOf(rateClasses.stream().map(RateClassSpec::name).toList(), rl.rateClass()) < 0) {
                    problems.add(where + "no rate class '" + rl.rateClass() + "'");
                }
            } else if (a instanceof Action.Count c) {
                if (indexOf(counters.stream().map(CounterSpec::name).toList(), c.counter()) < 0) {
                    problems.add(where + "no counter '" + c.counter() + "'");
                }
            }
        }
    }

    /** Bytes a field takes in a DMA record: its width rounded up to whole bytes. */
    public static int byteWidth(HeaderField field) {
        return (field.width() + 7) / 8;
    }

    private static void checkTable(TableSpec table, boolean hasRss, List<String> problems) {
        String where = "table " + table.name() + ": ";
        if (table.stage() < 0 || table.stage() >= MAX_STAGES) {
            problems.add(where + "stage must be 0.." + (MAX_STAGES - 1) + ", got " + table.stage());
        }
        if (table.capacity() < 1 || table.capacity() > MAX_TABLE_CAPACITY) {
            problems.add(where + "capacity must be 1.." + MAX_TABLE_CAPACITY + ", got " + table.capacity());
        }
        if (table.key().isEmpty()) {
            problems.add(where + "key has no fields");
        }
        Set<HeaderField> seen = new HashSet<>();
        for (KeyField k : table.key()) {
            if (!seen.add(k.field())) {
                problems.add(where + "field " + k.field() + " appears twice in the key");
            }
            if (!isParsed(k.field())) {
                problems.add(where + "field " + k.field() + " is not produced by the FlexNIC parser");
            }
            if (k.field() == HeaderField.RSS_BUCKET && !hasRss) {
                problems.add(where + "rss.bucket needs an RSS context (the first one computes it)");
            }
        }
        long lpm = table.key().stream().filter(k -> k.kind() == MatchKind.LPM).count();
        if (lpm > 1 && table.kind() == TableKind.LPM) {
            problems.add(where + "an LPM table has one LPM field, this key has " + lpm + " (make the table ternary)");
        }
    }

    private static void checkRss(RssContextSpec rss, int rxQueues, List<String> problems) {
        String where = "rss context " + rss.name() + ": ";
        int size = rss.indirection().size();
        if (size < 1 || size > MAX_INDIRECTION_SIZE || Integer.bitCount(size) != 1) {
            problems.add(where + "indirection table size must be a power of two 1.." + MAX_INDIRECTION_SIZE + ", got " + size);
        }
        for (int i = 0; i < size; i++) {
            int q = rss.indirection().get(i);
            if (q < 0 || q >= rxQueues) {
                problems.add(where + "indirection entry " + i + " names queue " + q + ", not one of the " + rxQueues + " RX queues");
                break;
            }
        }
        int keyLength = rss.key().length;
        if (keyLength < Toeplitz.MIN_KEY_LENGTH || keyLength > Toeplitz.MAX_KEY_LENGTH) {
            problems.add(where + "key must have " + Toeplitz.MIN_KEY_LENGTH + ".." + Toeplitz.MAX_KEY_LENGTH + " bytes, got " + keyLength);
        }
    }

    private static void checkNames(String kind, List<String> names, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank() || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                problems.add(kind + " name '" + name + "' must be an identifier");
            }
            if (!seen.add(name)) {
                problems.add(kind + " '" + name + "' is declared twice");
            }
        }
    }

    private static int indexOf(List<String> names, String name) {
        return names.indexOf(name);
    }

    /** Assembles a program; {@link #build()} validates it. */
    public static final class Builder {
        private int rxQueues = 1;
        private int defaultQueue;
        private final List<TableSpec> tables = new ArrayList<>();
        private final List<RssContextSpec> rss = new ArrayList<>();
        private final List<DmaRingSpec> rings = new ArrayList<>();
        private final List<CounterSpec> counters = new ArrayList<>();
        private final List<RateClassSpec> rateClasses = new ArrayList<>();

        private Builder() {
        }

        public Builder rxQueues(int count) {
            this.rxQueues = count;
            return this;
        }

        public Builder defaultQueue(int queue) {
            this.defaultQueue = queue;
            return this;
        }

        public Builder table(TableSpec table) {
            tables.add(table);
            return this;
        }

        public Builder table(String name, int stage, int capacity, ActionSpec defaultAction, KeyField... key) {
            return table(new TableSpec(name, stage, List.of(key), capacity, defaultAction));
        }

        public Builder rss(RssContextSpec context) {
            rss.add(context);
            return this;
        }

        public Builder dmaRing(String name, int slots, int slotSize) {
            rings.add(new DmaRingSpec(name, slots, slotSize));
            return this;
        }

        public Builder counter(String name) {
            counters.add(new CounterSpec(name));
            return this;
        }

        public Builder rateClass(String name, long bitsPerSecond, long burstBytes) {
            rateClasses.add(new RateClassSpec(name, bitsPerSecond, burstBytes));
            return this;
        }

        public FlexNicProgram build() {
            return new FlexNicProgram(rxQueues, defaultQueue, tables, rss, rings, counters, rateClasses);
        }
    }
}
