package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.program.Action;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.Fate;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.graph.predicate.HeaderField;
import java.util.List;
import java.util.Objects;

/**
 * An {@link ActionSpec} flattened for the packet path: the fate and its argument, the mark
 * update, the hash bucket count, the rate class, the named counter to bump and the DMA record layout as plain fields,
 * so applying an action is a few field reads with no dispatch. Entries with equal actions share
 * one instance (their direct counters live in the table, not here), which keeps the actions of a
 * large table in a few cache lines. Built by the control path against a valid program (see
 * {@link FlexNicProgram#checkAction}).
 */
public final class CompiledAction {

    final ActionSpec spec;
    final Fate fate;
    final int precedence;
    /** Queue index for QUEUE, RSS context index for RSS, ring index for DMA; else -1. */
    final int fateArgument;
    final boolean setsMark;
    final long markValue;
    final long markMask;
    final int rateClass;
    /** Buckets of the action's {@code hash}, or 0 when it writes no {@code meta.hash}. */
    final int hashBuckets;
    final DirectCounter namedCounter;
    /** Whether the action does anything besides its fate: set the mark, a rate class or a named count. */
    final boolean hasSideEffects;
    final int[] dmaFields;
    final int[] dmaFieldBytes;
    final boolean dmaPayload;
    final int dmaFieldTotal;

    private CompiledAction(ActionSpec spec, Fate fate, int fateArgument, boolean setsMark, long markValue, long markMask,
            int rateClass, int hashBuckets, DirectCounter namedCounter, int[] dmaFields, int[] dmaFieldBytes,
            boolean dmaPayload) {
        this.spec = spec;
        this.fate = fate;
        this.precedence = fate.precedence();
        this.fateArgument = fateArgument;
        this.setsMark = setsMark;
        this.markValue = markValue;
        this.markMask = markMask;
        this.rateClass = rateClass;
        this.hashBuckets = hashBuckets;
        this.namedCounter = namedCounter;
        this.hasSideEffects = setsMark || rateClass >= 0 || hashBuckets > 0 || namedCounter != null;
        this.dmaFields = dmaFields;
        this.dmaFieldBytes = dmaFieldBytes;
        this.dmaPayload = dmaPayload;
        int total = 0;
        for (int w : dmaFieldBytes) {
            total += w;
        }
        this.dmaFieldTotal = total;
    }

    /**
     * Compiles an action valid in {@code program}.
     *
     * @param namedCounters the program's named counters, in declaration order
     * @throws IllegalArgumentException if the action is not valid in the program
     */
    public static CompiledAction compile(ActionSpec spec, FlexNicProgram program, List<DirectCounter> namedCounters) {
        Objects.requireNonNull(spec, "spec");
        program.checkAction(spec).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Fate fate = Fate.NONE;
        int argument = -1;
        boolean setsMark = false;
        long markValue = 0;
        long markMask = 0;
        int rateClass = -1;
        int hashBuckets = 0;
        DirectCounter named = null;
        int[] dmaFields = new int[0];
        int[] dmaBytes = new int[0];
        boolean dmaPayload = false;
        for (Action a : spec.primitives()) {
            if (a instanceof Action.Queue q) {
                fate = Fate.QUEUE;
                argument = q.queue();
            } else if (a instanceof Action.Rss r) {
                fate = Fate.RSS;
                argument = program.indexOfRssContext(r.context());
            } else if (a instanceof Action.Drop) {
                fate = Fate.DROP;
            } else if (a instanceof Action.FastPath) {
                fate = Fate.FAST_PATH;
            } else if (a instanceof Action.Dma d) {
                fate = Fate.DMA;
                argument = program.indexOfDmaRing(d.ring());
                dmaFields = d.fields().stream().mapToInt(HeaderField::ordinal).toArray();
                dmaBytes = d.fields().stream().mapToInt(FlexNicProgram::byteWidth).toArray();
                dmaPayload = d.payload();
            } else if (a instanceof Action.SetMark m) {
                // Successive marks in one action compose like successive stages would.
                markValue = (markValue & ~m.mask()) | (m.value() & m.mask());
                markMask |= m.mask();
                setsMark = true;
            } else if (a instanceof Action.SetHash h) {
                hashBuckets = h.buckets();
            } else if (a instanceof Action.RateLimit rl) {
                rateClass = program.indexOfRateClass(rl.rateClass());
            } else if (a instanceof Action.Count c) {
                named = namedCounters.get(program.indexOfCounter(c.counter()));
            }
        }
        return new CompiledAction(spec, fate, argument, setsMark, markValue, markMask, rateClass, hashBuckets, named,
                dmaFields, dmaBytes, dmaPayload);
    }

    /** The action this was compiled from. */
    public ActionSpec spec() {
        return spec;
    }

    public Fate fate() {
        return fate;
    }

    /** Bytes of the DMA record's header fields (the payload, if any, follows them). */
    public int dmaFieldBytes() {
        return dmaFieldTotal;
    }

    /** Bytes of this action's DMA record for the packet: the fields, then the payload if chosen. */
    public int dmaRecordLength(PacketMetadata m) {
        return dmaFieldTotal + (dmaPayload && m.payloadOffset >= 0 ? m.payloadLength : 0);
    }

    /**
     * Writes this action's DMA record for the packet into {@code dst} from {@code at}: each chosen
     * field big-endian in its byte width, then the L4 payload if chosen. The caller checks
     * {@link #dmaRecordLength} fits.
     *
     * @return the record's length
     */
    public int writeDmaRecord(PacketMetadata m, byte[] frame, byte[] dst, int at) {
        int n = at;
        for (int i = 0; i < dmaFields.length; i++) {
            Bytes.write(dst, n, dmaFieldBytes[i], m.fields[dmaFields[i]]);
            n += dmaFieldBytes[i];
        }
        if (dmaPayload && m.payloadOffset >= 0) {
            System.arraycopy(frame, m.payloadOffset, dst, n, m.payloadLength);
            n += m.payloadLength;
        }
        return n - at;
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
