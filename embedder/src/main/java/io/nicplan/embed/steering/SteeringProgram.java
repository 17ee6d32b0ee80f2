package io.nicplan.embed.steering;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A configured NIC lowered to what a packet meets on its way from the wire (docs/steering.md):
 * ordered steering tables, where the first entry that claims a packet decides its fate; then
 * {@code fallback} for packets no table claimed; RSS; the receive queues; FlexTCP's fast-path
 * slots; and whether the NIC checks receive checksums, and if so whether it drops frames with
 * bad ones or only reports them in the receive descriptor (the 82599). The embedder produces it
 * ({@code Embedder.lower}); backends compile it without reading the embedder's graphs.
 *
 * @param nic the NIC description's name
 * @param fallback what happens to packets no table claims: {@link SteeringAction.ToRss} or a queue
 * @param checksumOffload the NIC checks IPv4 and TCP/UDP checksums on receive
 * @param checksumErrorsReported with {@code checksumOffload}: a frame with a bad checksum is passed up
 *     to its queue with the error flagged in its descriptor (the host stack then checks it), not dropped
 */
public record SteeringProgram(String nic, List<SteeringTable> tables, SteeringAction fallback, Optional<RssTable> rss,
                              RxQueues queues, Optional<FastPathSlots> fastPath, boolean checksumOffload,
                              boolean checksumErrorsReported) {
    /** A program whose NIC, if it checks checksums, drops the frames that fail. */
    public SteeringProgram(String nic, List<SteeringTable> tables, SteeringAction fallback, Optional<RssTable> rss,
                           RxQueues queues, Optional<FastPathSlots> fastPath, boolean checksumOffload) {
        this(nic, tables, fallback, rss, queues, fastPath, checksumOffload, false);
    }

    public SteeringProgram {
        Objects.requireNonNull(nic, "nic");
        tables = List.copyOf(tables);
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(rss, "rss");
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(fastPath, "fastPath");
        Set<String> names = new HashSet<>();
        for (SteeringTable t : tables) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two steering tables named " + t.name());
            }
            for (SteeringEntry e : t.entries()) {
                checkAction(t.name(), e.action(), rss.isPresent());
            }
        }
        checkAction("fallback", fallback, rss.isPresent());
        if (!fallback.claims()) {
            throw new IllegalArgumentException("the fallback must decide a packet's fate, got " + fallback);
        }
        fastPath.ifPresent(f -> checkAction(f.node(), f.fallback(), rss.isPresent()));
    }

    private static void checkAction(String where, SteeringAction action, boolean hasRss) {
        if (action instanceof SteeringAction.ToRss && !hasRss) {
            throw new IllegalArgumentException(where + ": sends packets to RSS but the program has none");
        }
    }

    /** Whether the NIC discards frames with a bad IPv4 or TCP/UDP checksum before any queue. */
    public boolean dropsBadChecksums() {
        return checksumOffload && !checksumErrorsReported;
    }

    /** The table named {@code name}. */
    public Optional<SteeringTable> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
