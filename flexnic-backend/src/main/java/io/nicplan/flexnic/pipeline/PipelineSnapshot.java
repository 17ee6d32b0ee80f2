package io.nicplan.flexnic.pipeline;

import java.util.List;

/**
 * The contract between the control path and the packet path: one complete, immutable compiled
 * program (tables in pipeline order, RSS contexts, the default queue). The control path builds a
 * new snapshot for every committed write batch, reusing the compiled tables the batch did not
 * touch, and publishes it with {@link Pipeline#publish}; the packet path reads the current
 * snapshot once per packet, so each packet sees either the old or the new program, never a mix.
 * Direct counters live in the compiled tables and move to a rebuilt table when the packet path
 * adopts the snapshot (see {@link Pipeline}).
 */
public final class PipelineSnapshot {

    final CompiledTable[] tables;
    final CompiledRss[] rss;
    final int defaultQueue;
    final long version;
    final boolean needsRssBucket;

    /**
     * @param tables in pipeline order (stage, then declaration)
     * @param rss RSS contexts in program order; the first computes {@code rss.bucket}
     * @param version increases with every commit, for observers
     */
    public PipelineSnapshot(List<CompiledTable> tables, List<CompiledRss> rss, int defaultQueue, long version) {
        this.tables = tables.toArray(new CompiledTable[0]);
        this.rss = rss.toArray(new CompiledRss[0]);
        this.defaultQueue = defaultQueue;
        this.version = version;
        this.needsRssBucket = tables.stream().anyMatch(t -> t.usesRssBucket);
    }

    /** The table at a position in pipeline order. */
    public CompiledTable table(int index) {
        return tables[index];
    }

    public List<CompiledTable> tables() {
        return List.of(tables);
    }

    public List<CompiledRss> rssContexts() {
        return List.of(rss);
    }

    public int defaultQueue() {
        return defaultQueue;
    }

    public long version() {
        return version;
    }
}
