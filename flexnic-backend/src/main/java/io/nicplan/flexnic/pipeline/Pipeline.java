package io.nicplan.flexnic.pipeline;

import io.nicplan.flexnic.program.Fate;
import io.nicplan.graph.predicate.HeaderField;
import java.util.Objects;

/**
 * The ingress pipeline: parser, then every table of the current {@link PipelineSnapshot} in
 * order, then the fate decision. Each table that sees the packet applies exactly one action (an
 * entry's or its default) and bumps that action's counter, so per table the counters sum to
 * the packets parsed. A drop is a fate, not an early exit: later tables still count the packet,
 * as in P4. Fates combine by {@link Fate#precedence()}, the later stage winning a tie.
 *
 * <p>One instance serves one packet-path thread, and is the only writer of the direct counters
 * of the snapshots it runs: a program has one pipeline. {@link #publish} may be called from any
 * thread; the packet path adopts the newest published snapshot at the start of its next packet,
 * carrying the counters of rebuilt tables over ({@link CompiledTable#carryCountersFrom}).
 * {@link #process} allocates nothing.
 */
public final class Pipeline {

    private static final int MARK = HeaderField.META_MARK.ordinal();
    private static final int META_HASH = HeaderField.META_HASH.ordinal();
    private static final int KV_KEY_HASH = HeaderField.KV_KEY_HASH.ordinal();
    private static final int RSS_BUCKET = HeaderField.RSS_BUCKET.ordinal();

    private final Parser parser;
    private final PacketMetadata metadata = new PacketMetadata();
    /** The snapshot the packet path runs; packet thread only. */
    private PipelineSnapshot current;
    /** The newest snapshot published by the control path. */
    private volatile PipelineSnapshot published;
    /** The snapshot whose counters are live (the packet path's {@link #current}, for readers). */
    private volatile PipelineSnapshot adopted;

    public Pipeline(ParserConfig config, PipelineSnapshot initial) {
        this.parser = new Parser(config);
        this.current = Objects.requireNonNull(initial, "initial");
        this.published = initial;
        this.adopted = initial;
    }

    /** Makes {@code next} the program for every packet processed from now on. */
    public void publish(PipelineSnapshot next) {
        this.published = Objects.requireNonNull(next, "next");
    }

    /** The newest published snapshot. */
    public PipelineSnapshot snapshot() {
        return published;
    }

    /** The snapshot the packet path last adopted: read counters from it. */
    public PipelineSnapshot adopted() {
        return adopted;
    }

    private void adopt(PipelineSnapshot next) {
        CompiledTable[] old = current.tables;
        CompiledTable[] fresh = next.tables;
        if (old.length != fresh.length) {
            throw new IllegalStateException("snapshot of another program: " + old.length + " vs " + fresh.length + " tables");
        }
        for (int i = 0; i < fresh.length; i++) {
            if (fresh[i] != old[i]) {
                fresh[i].carryCountersFrom(old[i]);
            }
        }
        current = next;
        adopted = next;
    }

    /** The parse of the last packet processed (reused; valid until the next packet). */
    public PacketMetadata metadata() {
        return metadata;
    }

    /**
     * Runs one frame {@code b[off, off+len)} through the parser and the tables.
     *
     * @return {@code out}, filled with the decision
     */
    public PacketOutcome process(byte[] b, int off, int len, PacketOutcome out) {
        final PipelineSnapshot latest = published;
        if (latest != current) {
            adopt(latest);
        }
        final PipelineSnapshot s = latest;
        final PacketMetadata m = metadata;
        if (!parser.parse(b, off, len, m)) {
            out.reset();
            out.fate = Fate.DROP.ordinal();
            out.dropReason = m.dropReason.ordinal();
            return out;
        }
        final long[] f = m.fields;
        int hash = 0;
        boolean hashed = false;
        if (s.needsRssBucket) {
            hash = s.rss[0].hash(m);
            hashed = true;
            f[RSS_BUCKET] = s.rss[0].bucket(hash);
        }
        int precedence = 0;
        CompiledAction winner = null;
        int winnerTable = -1;
        int winnerIndex = 0;
        int rateClass = -1;
        final CompiledTable[] tables = s.tables;
        for (int t = 0; t < tables.length; t++) {
            int index = tables[t].apply(f, len);
            CompiledAction a = tables[t].action(index);
            if (a.hasSideEffects) {
                if (a.namedCounter != null) {
                    a.namedCounter.add(len);
                }
                if (a.setsMark) {
                    f[MARK] = (f[MARK] & ~a.markMask) | a.markValue;
                }
                if (a.rateClass >= 0) {
                    rateClass = a.rateClass;
                }
                if (a.hashBuckets > 0) {
                    f[META_HASH] = f[KV_KEY_HASH] % a.hashBuckets;
                }
            }
            if (a.precedence != 0 && a.precedence >= precedence) {
                precedence = a.precedence;
                winner = a;
                winnerTable = t;
                winnerIndex = index;
            }
        }
        // Every field of the outcome is written once below (no reset first: the common path
        // would write most of them twice).
        Fate fate = Fate.NONE;
        int queue = -1;
        int dmaRing = -1;
        int dropReason = -1;
        if (winner == null) {
            queue = s.defaultQueue;
        } else {
            fate = winner.fate;
            // An if chain rather than an enum switch (which reads a synthetic ordinal map); QUEUE first.
            if (fate == Fate.QUEUE) {
                queue = winner.fateArgument;
            } else if (fate == Fate.RSS) {
                CompiledRss rss = s.rss[winner.fateArgument];
                // The hash of context 0 is already known when a table keyed on rss.bucket ran.
                hash = hashed && winner.fateArgument == 0 ? hash : rss.hash(m);
                hashed = true;
                queue = rss.queue(hash);
            } else if (fate == Fate.DMA) {
                dmaRing = winner.fateArgument;
            } else if (fate == Fate.DROP) {
                dropReason = DropReason.TABLE_DROP.ordinal();
            }
            // FAST_PATH: the engine decides delivery; NONE cannot win (precedence 0).
        }
        out.fate = fate.ordinal();
        out.queue = queue;
        out.dmaRing = dmaRing;
        out.dropReason = dropReason;
        out.rateClass = rateClass;
        if (out.snapshot != s) {
            out.snapshot = s; // the only reference written, once per published program (see PacketOutcome)
        }
        out.fateTable = winnerTable;
        out.fateActionIndex = winnerIndex;
        out.rssHash = hashed ? hash : 0;
        out.mark = f[MARK];
        return out;
    }
}
