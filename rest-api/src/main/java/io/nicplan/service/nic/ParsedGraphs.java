package io.nicplan.service.nic;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed description graphs by id, least recently used dropped first, bounded by count and by size:
 * a graph at the description limits holds about 60 MB (200,000 edges), so 64 of them would hold
 * gigabytes. Their nodes and edges together may number at most what one description may expand to
 * (about 60 to 120 MB at the default limits); descriptions never change once stored, so a dropped
 * graph is only parsed again.
 */
final class ParsedGraphs {
    /** Descriptions whose graphs are kept at most, however small. */
    static final int MAX_KEPT = 64;

    private final long maxElements;
    private final LinkedHashMap<String, ResolvedNic> graphs = new LinkedHashMap<>(32, 0.75f, true);
    private long elements;

    /** @param maxElements most nodes plus edges kept in all graphs together (one graph is kept whatever its size) */
    ParsedGraphs(long maxElements) {
        this.maxElements = maxElements;
    }

    synchronized ResolvedNic get(String id) {
        return graphs.get(id);
    }

    synchronized void put(String id, ResolvedNic nic) {
        ResolvedNic old = graphs.put(id, nic);
        if (old != null) {
            elements -= weight(old);
        }
        elements += weight(nic);
        Iterator<Map.Entry<String, ResolvedNic>> eldest = graphs.entrySet().iterator();
        while ((graphs.size() > MAX_KEPT || elements > maxElements) && graphs.size() > 1) {
            Map.Entry<String, ResolvedNic> e = eldest.next();
            elements -= weight(e.getValue());
            eldest.remove();
        }
    }

    synchronized void remove(String id) {
        ResolvedNic old = graphs.remove(id);
        if (old != null) {
            elements -= weight(old);
        }
    }

    private static long weight(ResolvedNic nic) {
        return (long) nic.graph().topology().vertexSet().size() + nic.graph().topology().edgeSet().size();
    }
}
