package io.nicplan.flexnic.program;

import java.util.List;
import java.util.Objects;

/**
 * The whole indirection table of an RSS context: entry i is the RX queue of hash bucket i
 * (ethtool -X). Written with MODIFY; its size must equal the context's.
 */
public record RssIndirection(String context, List<Integer> queues) implements Entity {

    public RssIndirection {
        Objects.requireNonNull(context, "context");
        queues = List.copyOf(queues);
    }

    @Override
    public String target() {
        return context;
    }
}
