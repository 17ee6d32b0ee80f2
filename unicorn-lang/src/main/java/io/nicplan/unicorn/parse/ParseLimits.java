package io.nicplan.unicorn.parse;

/**
 * Bounds on what one parse may consume, so hostile or mistaken input ends in a diagnostic rather
 * than an exhausted stack or heap.
 *
 * @param maxBytes largest source file, in UTF-8 bytes
 * @param maxDepth deepest nesting of brackets, parentheses, braces (clusters, loops, node bodies)
 * @param maxLoopIterations most iterations of one {@code for} loop, and most targets one
 *        {@code {LO..HI}} reference expands to
 * @param maxTotalIterations most loop iterations in the whole parse (nested loops multiply)
 * @param maxNodes most nodes in the resulting graph
 * @param maxEdges most edges in the resulting graph
 * @param maxImportDepth deepest chain of imports
 * @param maxDiagnostics most diagnostics reported before a final "too many errors"
 */
public record ParseLimits(long maxBytes, int maxDepth, int maxLoopIterations, long maxTotalIterations,
                          int maxNodes, int maxEdges, int maxImportDepth, int maxDiagnostics) {

    /** 1 MiB files, depth 64, 65,536 iterations per loop, 1,000,000 nodes, imports 16 deep, 200 diagnostics. */
    public static final ParseLimits DEFAULTS = new ParseLimits(1L << 20, 64, 65_536, 4_000_000L,
            1_000_000, 4_000_000, 16, 200);

    public ParseLimits {
        if (maxBytes < 1 || maxDepth < 1 || maxLoopIterations < 1 || maxTotalIterations < 1 || maxNodes < 1
                || maxEdges < 1 || maxImportDepth < 0 || maxDiagnostics < 1) {
            throw new IllegalArgumentException("parse limits must be positive: " + this);
        }
    }

    public ParseLimits withMaxBytes(long value) {
        return new ParseLimits(value, maxDepth, maxLoopIterations, maxTotalIterations, maxNodes, maxEdges, maxImportDepth, maxDiagnostics);
    }

    public ParseLimits withMaxDepth(int value) {
        return new ParseLimits(maxBytes, value, maxLoopIterations, maxTotalIterations, maxNodes, maxEdges, maxImportDepth, maxDiagnostics);
    }

    public ParseLimits withMaxLoopIterations(int value) {
        return new ParseLimits(maxBytes, maxDepth, value, maxTotalIterations, maxNodes, maxEdges, maxImportDepth, maxDiagnostics);
    }

    public ParseLimits withMaxTotalIterations(long value) {
        return new ParseLimits(maxBytes, maxDepth, maxLoopIterations, value, maxNodes, maxEdges, maxImportDepth, maxDiagnostics);
    }

    public ParseLimits withMaxNodes(int value) {
        return new ParseLimits(maxBytes, maxDepth, maxLoopIterations, maxTotalIterations, value, maxEdges, maxImportDepth, maxDiagnostics);
    }

    public ParseLimits withMaxEdges(int value) {
        return new ParseLimits(maxBytes, maxDepth, maxLoopIterations, maxTotalIterations, maxNodes, value, maxImportDepth, maxDiagnostics);
    }

    public ParseLimits withMaxImportDepth(int value) {
        return new ParseLimits(maxBytes, maxDepth, maxLoopIterations, maxTotalIterations, maxNodes, maxEdges, value, maxDiagnostics);
    }

    public ParseLimits withMaxDiagnostics(int value) {
        return new ParseLimits(maxBytes, maxDepth, maxLoopIterations, maxTotalIterations, maxNodes, maxEdges, maxImportDepth, value);
    }
}
