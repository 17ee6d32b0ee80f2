package io.nicplan.flexnic.backend;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.QueueDelivery;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.embed.steering.SteeringEntry;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.SteeringTable;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.Action;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Resource;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a NIC's {@link SteeringProgram} (docs/steering.md), which the embedder lowers from a
 * configuration of any shipped NIC description, into a FlexNIC program and the entries to write:
 *
 * <ul>
 *   <li>each steering table becomes one pipeline stage, in program order (the order packets meet
 *       the C-nodes on the way from the wire). Its entries keep their lookup order: higher priority
 *       first, equal priorities in configuration order, which the emulator's ternary tables
 *       reproduce (higher priority wins, equal priorities: the one installed first). An
 *       {@link MatchKind#EXACT} table becomes an exact table;</li>
 *   <li>"the first table that claims a packet decides" is the steering program's rule, while every
 *       emulator stage sees every packet and fates combine by precedence (docs/flexnic.md). So every
 *       claiming entry also matches and sets a <em>claimed</em> bit in {@code meta.mark}: once one
 *       stage claimed a packet, no later stage's entry matches it, and exactly one fate is set. A last
 *       stage sends unclaimed packets to the program's fallback (RSS, else queue 0);</li>
 *   <li>the RSS table is the RSS context {@value #RSS_CONTEXT} with its hash, key and indirection table;
 *       a packet steered to a disabled queue is dropped, as the queue's {@code Valid} node discards it;
 *       checksum offload makes the parser drop bad checksums; the FlexTCP C-node's slots become the
 *       {@link FlexTcpPlan}: the connections the slow path gives flow state in the FlexTCP fast path
 *       once they are established, the queue each notifies, where handed-over segments go, and the
 *       description's {@code flowstate_slots}.</li>
 * </ul>
 */
public final class NicCompiler {
    public static final String RSS_CONTEXT = "rss";
    public static final String FALLBACK_TABLE = "Fallback";
    /** The bit of {@code meta.mark} a stage sets when it claims a packet; marks written by entries use the others. */
    public static final long CLAIMED = 1L << 31;
    private static final long MARK_BITS = CLAIMED - 1;
    /** Flow-state slots when no description says (TAS's 128K flows, the shipped FlexNIC's figure). */
    public static final int DEFAULT_FLOW_SLOTS = 131_072;
    private static final HeaderField[] TUPLE = {HeaderField.ETH_TYPE, HeaderField.IP_PROTO, HeaderField.IP_SRC,
            HeaderField.IP_DST, HeaderField.L4_SPORT, HeaderField.L4_DPORT};

    private NicCompiler() {
    }

    /**
     * Compiles {@code configuration} of {@code prg}, lowered by {@code embedder} (so configuration
     * functions plugged into it are honoured).
     *
     * @throws UnsupportedConfigurationException when the configuration asks for something the emulator
     *     cannot express (the message names the C-node and why)
     */
    public static CompiledNic compile(Embedder embedder, DataflowGraph prg, Configuration configuration) {
        SteeringProgram steering;
        try {
            steering = embedder.lower(prg, configuration);
        } catch (UnsupportedSteeringException e) {
            throw new UnsupportedConfigurationException(e.getMessage());
        }
        // The flow table's size is the description's resource (TAS: 128K flows); the steering form does not carry it.
        int flowSlots = (int) Math.min(Integer.MAX_VALUE, prg.resource(Resource.FLOWSTATE_SLOTS).map(Resource::capacity)
                .orElse((long) DEFAULT_FLOW_SLOTS));
        return compile(steering, flowSlots);
    }

    /**
     * Compiles a steering program.
     *
     * @throws UnsupportedConfigurationException when the program asks for something the emulator cannot
     *     express (the message names the table and why)
     */
    public static CompiledNic compile(SteeringProgram steering) {
        return compile(steering, DEFAULT_FLOW_SLOTS);
    }

    /**
     * Compiles a steering program for a NIC with {@code flowSlots} FlexTCP flow-state slots.
     *
     * @throws UnsupportedConfigurationException when the program asks for something the emulator cannot
     *     express (the message names the table and why)
     */
    public static CompiledNic compile(SteeringProgram steering, int flowSlots) {
        RxQueues queues = steering.queues();
        List<String> notes = new ArrayList<>();
        Optional<RssTable> rss = steering.rss();
        List<Integer> indirection = rss.map(RssTable::indirection).orElse(List.of());
        if (indirection.stream().anyMatch(q -> !queues.isEnabled(q))) {
            throw new UnsupportedConfigurationException(rss.orElseThrow().node() + ": the RSS indirection table points at "
                    + "a disabled queue; the graph drops those packets, the emulator's RSS cannot");
        }

        FlexNicProgram.Builder program = FlexNicProgram.builder().rxQueues(queues.count()).defaultQueue(0);
        rss.ifPresent(r -> program.rss(new RssContextSpec(RSS_CONTEXT, r.hashType(), r.toeplitz().key(), indirection)));
        declareDeliveries(steering, program);
        List<Update> updates = new ArrayList<>();
        int stage = 0;
        boolean readsKvRequests = false;
        for (SteeringTable table : steering.tables()) {
            Set<HeaderField> terms = termFields(table);
            // An exact table holding IPv6 entries (a flow director's, docs/nic-descriptions.md "IPv6") matches their
            // address words too: compiled as a ternary table of full masks, which the exact key has no room for.
            boolean exact = table.kind() == MatchKind.EXACT && terms.isEmpty();
            readsKvRequests |= terms.contains(HeaderField.KV_MAGIC) || terms.contains(HeaderField.KV_OPCODE)
                    || table.entries().stream().anyMatch(e -> e.action() instanceof SteeringAction.Hash);
            program.table(table.name(), stage++, capacity(table), ActionSpec.NO_ACTION, key(table.fields(), exact, terms));
            // An entry with the match (and priority) of an earlier one is never reached in the table;
            // the emulator would refuse it as ALREADY_EXISTS, so it is left out.
            Set<List<Object>> seen = new HashSet<>();
            for (SteeringEntry e : table.entries()) {
                List<FieldMatch> matches = matches(table.name(), e, exact);
                int priority = exact ? 0 : e.priority() + 1;
                if (!seen.add(List.of(matches, priority))) {
                    notes.add(table.name() + ": entry " + e.match() + " repeats an earlier one and is never reached; not installed");
                    continue;
                }
                updates.add(Update.insert(new TableEntry(table.name(), matches, priority, action(e.action(), queues))));
            }
        }
        program.table(FALLBACK_TABLE, stage, 1, ActionSpec.NO_ACTION, KeyField.ternary(HeaderField.META_MARK));
        updates.add(Update.insert(new TableEntry(FALLBACK_TABLE, List.of(unclaimed()), 1, fate(steering.fallback(), queues))));

        FlexTcpPlan flexTcp = steering.fastPath().map(f -> FlexTcpPlan.of(f, queues, rss, flowSlots)).orElse(FlexTcpPlan.none());
        // The key-value program's parser stage runs only for programs that match or hash what it reads.
        ParserConfig parser = new ParserConfig(ParserConfig.STANDARD_MAX_FRAME, steering.dropsBadChecksums(),
                readsKvRequests ? ParserConfig.MEMCACHED_PORT : 0);
        return new CompiledNic(steering.nic(), program.build(), parser, updates, flexTcp, steering.fastPath().isPresent(), notes);
    }

    /** Slots of a queue's DMA ring: an RX ring's worth, as a driver sizes one. */
    static final int DMA_RING_SLOTS = 1024;

    /** The DMA ring and the rate class of queue {@code q}, when its entries ask for them. */
    public static String deliveryName(int q) {
        return "queue" + q;
    }

    /** The queue whose DMA ring is {@code ring} ({@link #deliveryName}); -1 for a ring the compiler did not name. */
    public static int queueOfDeliveryRing(String ring) {
        return ring.startsWith("queue") && ring.length() > 5 && ring.substring(5).chars().allMatch(Character::isDigit)
                ? Integer.parseInt(ring.substring(5)) : -1;
    }

    /**
     * The queue manager's rate class and the DMA ring of each queue whose entries DMA chosen fields or limit its
     * rate (FlexNIC's per-queue delivery, {@link QueueDelivery}); the entries steering to one queue must agree on
     * its rate.
     */
    private static void declareDeliveries(SteeringProgram steering, FlexNicProgram.Builder program) {
        java.util.Map<Integer, QueueDelivery> rates = new java.util.TreeMap<>();
        Set<Integer> rings = new java.util.TreeSet<>();
        for (SteeringTable table : steering.tables()) {
            for (SteeringEntry e : table.entries()) {
                if (!(e.action() instanceof SteeringAction.ToQueue q)) {
                    continue;
                }
                QueueDelivery d = q.delivery();
                if (d.dma()) {
                    rings.add(q.queue());
                }
                if (d.rateLimited()) {
                    QueueDelivery earlier = rates.putIfAbsent(q.queue(), d);
                    if (earlier != null && (earlier.rateBitsPerSecond() != d.rateBitsPerSecond()
                            || earlier.rateBurstBytes() != d.rateBurstBytes())) {
                        throw new UnsupportedConfigurationException(table.name() + ": queue " + q.queue() + " is limited to "
                                + d.rateBitsPerSecond() + " bit/s (burst " + d.rateBurstBytes() + " B) by entry " + e.match()
                                + " and to " + earlier.rateBitsPerSecond() + " bit/s (burst " + earlier.rateBurstBytes()
                                + " B) by another; a queue has one rate");
                    }
                }
            }
        }
        rates.forEach((q, d) -> program.rateClass(deliveryName(q), d.rateBitsPerSecond(), d.rateBurstBytes()));
        rings.forEach(q -> program.dmaRing(deliveryName(q), DMA_RING_SLOTS, ParserConfig.STANDARD_MAX_FRAME));
    }

    /** The fields beyond the 5-tuple the table's entries match ({@link FilterMatch#terms}), but {@code meta.mark}, always in the key. */
    private static Set<HeaderField> termFields(SteeringTable table) {
        Set<HeaderField> fields = new java.util.TreeSet<>();
        for (SteeringEntry e : table.entries()) {
            e.match().terms().forEach(t -> fields.add(t.field()));
        }
        fields.remove(HeaderField.META_MARK);
        return fields;
    }

    private static KeyField[] key(SteeringTable.KeyFields fields, boolean exact, Set<HeaderField> terms) {
        if (fields == SteeringTable.KeyFields.TCP_FLAGS) {
            return new KeyField[] {KeyField.ternary(HeaderField.ETH_TYPE), KeyField.ternary(HeaderField.IP_PROTO),
                KeyField.ternary(HeaderField.TCP_FLAGS), KeyField.ternary(HeaderField.META_MARK)};
        }
        KeyField[] key = new KeyField[TUPLE.length + 1 + terms.size()];
        for (int i = 0; i < TUPLE.length; i++) {
            key[i] = exact ? KeyField.exact(TUPLE[i]) : KeyField.ternary(TUPLE[i]);
        }
        key[TUPLE.length] = exact ? KeyField.exact(HeaderField.META_MARK) : KeyField.ternary(HeaderField.META_MARK);
        int i = TUPLE.length + 1;
        for (HeaderField f : terms) {
            key[i++] = KeyField.ternary(f);
        }
        return key;
    }

    /** The emulator match of a steering entry, plus "not claimed by an earlier stage". */
    private static List<FieldMatch> matches(String table, SteeringEntry e, boolean exact) {
        FilterMatch m = e.match();
        List<FieldMatch> out = new ArrayList<>();
        if (exact) {
            out.add(FieldMatch.exact(HeaderField.ETH_TYPE, m.ethType()));
            out.add(FieldMatch.exact(HeaderField.IP_PROTO, m.proto()));
            out.add(FieldMatch.exact(HeaderField.IP_SRC, m.srcIp()));
            out.add(FieldMatch.exact(HeaderField.IP_DST, m.dstIp()));
            out.add(FieldMatch.exact(HeaderField.L4_SPORT, m.srcPort()));
            out.add(FieldMatch.exact(HeaderField.L4_DPORT, m.dstPort()));
            out.add(FieldMatch.exact(HeaderField.META_MARK, 0));
            return out;
        }
        if (m.proto() == FilterMatch.PROTO_OTHER) {
            throw new UnsupportedConfigurationException(table + ": protocol 'other' (every protocol but tcp, udp and sctp) "
                    + "is not one ternary ip.proto match; the emulator cannot express entry " + m);
        }
        // A protocol implies IPv4 (the graph matches protocol classes of IPv4 packets only).
        int ethType = m.ethType() >= 0 ? m.ethType() : m.proto() >= 0 ? FilterMatch.ETH_IPV4 : -1;
        if (ethType >= 0) {
            out.add(FieldMatch.ternary(HeaderField.ETH_TYPE, ethType, 0xFFFF));
        }
        if (m.proto() >= 0) {
            out.add(FieldMatch.ternary(HeaderField.IP_PROTO, m.proto(), 0xFF));
        }
        masked(out, HeaderField.IP_SRC, m.srcIp(), m.srcMask());
        masked(out, HeaderField.IP_DST, m.dstIp(), m.dstMask());
        masked(out, HeaderField.L4_SPORT, m.srcPort(), m.srcPortMask());
        masked(out, HeaderField.L4_DPORT, m.dstPort(), m.dstPortMask());
        masked(out, HeaderField.TCP_FLAGS, e.tcpFlags().value(), e.tcpFlags().mask());
        FieldMatch mark = unclaimed();
        for (FilterMatch.Term t : m.terms()) {
            if (t.field() != HeaderField.META_MARK) {
                masked(out, t.field(), t.value(), t.mask());
            } else if ((t.mask() & CLAIMED) != 0) {
                throw new UnsupportedConfigurationException(table + ": entry " + m + " matches bit 31 of meta.mark, which the "
                        + "emulator keeps for \"an earlier stage claimed the packet\"; match the low 31 bits only");
            } else {
                // Its own bits and "not claimed" in one ternary match on the field.
                mark = FieldMatch.ternary(HeaderField.META_MARK, t.value(), t.mask() | CLAIMED);
            }
        }
        out.add(mark);
        return out;
    }

    private static void masked(List<FieldMatch> out, HeaderField field, long value, long mask) {
        if (mask != 0) {
            out.add(FieldMatch.ternary(field, value, mask));
        }
    }

    private static FieldMatch unclaimed() {
        return FieldMatch.ternary(HeaderField.META_MARK, 0, CLAIMED);
    }

    /** A table entry's action: a claim with its fate, or a mark that leaves the packet to later stages. */
    private static ActionSpec action(SteeringAction a, RxQueues queues) {
        if (a instanceof SteeringAction.Mark m) {
            // Not a claim: the graph continues at the C-node's default targets.
            return ActionSpec.of(new Action.SetMark(m.value() & MARK_BITS, MARK_BITS));
        }
        if (a instanceof SteeringAction.Hash h) {
            // Not a claim either: meta.hash for a later stage, as the graph's set_hash node.
            return ActionSpec.of(new Action.SetHash(h.buckets()));
        }
        return claim(fate(a, queues));
    }

    private static ActionSpec fate(SteeringAction a, RxQueues queues) {
        if (a instanceof SteeringAction.ToQueue q) {
            return delivered(q, queues);
        } else if (a instanceof SteeringAction.FastPath f) {
            return f.hasQueue() ? toQueue(f.queue(), queues) : ActionSpec.fastPath();
        } else if (a instanceof SteeringAction.ToRss) {
            return ActionSpec.rss(RSS_CONTEXT);
        } else if (a instanceof SteeringAction.Drop) {
            return ActionSpec.drop();
        }
        throw new IllegalArgumentException(a + " does not decide a packet's fate");
    }

    private static ActionSpec claim(ActionSpec fate) {
        List<Action> primitives = new ArrayList<>();
        primitives.add(new Action.SetMark(CLAIMED, CLAIMED));
        primitives.addAll(fate.primitives());
        return new ActionSpec(primitives);
    }

    /** Queue {@code q}'s delivery: the rate class that polices it, then the frame into it or the record into its DMA ring. */
    private static ActionSpec delivered(SteeringAction.ToQueue q, RxQueues queues) {
        QueueDelivery d = q.delivery();
        if (!queues.isEnabled(q.queue()) || d.equals(QueueDelivery.FRAME)) {
            return toQueue(q.queue(), queues);
        }
        List<Action> primitives = new ArrayList<>();
        if (d.rateLimited()) {
            primitives.add(new Action.RateLimit(deliveryName(q.queue())));
        }
        primitives.add(d.dma() ? new Action.Dma(deliveryName(q.queue()), d.dmaFields(), d.dmaPayload()) : new Action.Queue(q.queue()));
        return new ActionSpec(primitives);
    }

    /** Queue {@code q}, or drop when the configuration disabled it (its {@code Valid} node discards the packet). */
    private static ActionSpec toQueue(int q, RxQueues queues) {
        return queues.isEnabled(q) ? ActionSpec.queue(q) : ActionSpec.drop();
    }

    /** A table's capacity: the C-node's list bound, as far as the emulator's tables go. */
    private static int capacity(SteeringTable table) {
        return Math.max(1, Math.min(table.capacity(), FlexNicProgram.MAX_TABLE_CAPACITY));
    }

    /** A configuration the emulator cannot express. */
    public static final class UnsupportedConfigurationException extends IllegalArgumentException {
        public UnsupportedConfigurationException(String message) {
            super(message);
        }
    }
}
