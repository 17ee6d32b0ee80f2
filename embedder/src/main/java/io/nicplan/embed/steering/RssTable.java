package io.nicplan.embed.steering;

import io.nicplan.embed.rss.RssSpec;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.List;
import java.util.Arrays;
import java.util.Objects;

/**
 * The RSS step: which fields feed the Toeplitz hash, its key, and the indirection table (bucket
 * {@code i}, the hash's low bits, goes to queue {@code indirection().get(i)}; its size is a power
 * of two in 1..65536). Packets that are not IPv4 fall in bucket 0. Immutable.
 */
public final class RssTable {
    private final String node;
    private final RssSpec spec;
    private final List<Integer> indirection;

    /** @param node id of the {@code rss} C-node */
    public RssTable(String node, RssHashType hashType, Toeplitz toeplitz, List<Integer> indirection) {
        this.node = Objects.requireNonNull(node, "node");
        this.indirection = List.copyOf(indirection);
        // The embedder's own RSS node computation, so backends hash exactly as the embedder predicts.
        this.spec = new RssSpec(hashType, toeplitz, this.indirection.size());
    }

    public String node() {
        return node;
    }

    public RssHashType hashType() {
        return spec.type();
    }

    public Toeplitz toeplitz() {
        return spec.toeplitz();
    }

    public List<Integer> indirection() {
        return indirection;
    }

    /** The queue of a packet (header fields by {@code HeaderField.ordinal()}); allocates nothing. */
    public int queueOf(long[] packet) {
        return indirection.get(spec.bucket(packet));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RssTable r && r.node.equals(node) && r.spec.type() == spec.type()
                && Arrays.equals(r.spec.toeplitz().key(), spec.toeplitz().key()) && r.indirection.equals(indirection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, spec.type(), indirection);
    }

    @Override
    public String toString() {
        return "rss " + node + " " + spec.type().symbol() + " table " + indirection;
    }
}
