package io.nicplan.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Example inputs shipped with the embedder (for {@code ./nicplan demo}): a memcached-like host —
 * UDP endpoints on 11211 (listening on any address with four sockets, on the local address with
 * two, and connected to a replica), a TCP endpoint, a stats endpoint, twenty flows (gold and
 * best effort, two with wildcards) — and a matching Intel 82599 configuration with checksum
 * offload, 5-tuple and flow-director filters, RSS over four queues and eight queues enabled.
 */
public final class Examples {
    /** Class-path folder of the examples. */
    public static final String FOLDER = "/io/nicplan/embed/examples/";

    private Examples() {
    }

    /** The memcached protocol state (docs/formats.md, "Protocol state"). */
    public static String memcachedState() {
        return read("memcached-state.json");
    }

    /** The memcached state on a dual-stack host: IPv4 and IPv6 endpoints and flows side by side. */
    public static String dualStackState() {
        return read("memcached-dual-stack-state.json");
    }

    /** A configuration of {@code builtin:intel-82599} for the memcached state. */
    public static String memcached82599Config() {
        return read("memcached-82599-config.json");
    }

    /**
     * FlexNIC's key-value steering program (ASPLOS 2016): a key-value store on four cores, each
     * owning the keys whose CRC32C falls in its bucket ({@code crc32c(key) mod 4}, as a
     * partitioned store such as MICA splits its keys), and clients requesting keys over UDP and TCP
     * (memcached binary GETs; several keys from one client socket).
     */
    public static String kvFlexnicState() {
        return read("kv-flexnic-state.json");
    }

    /**
     * The program for {@code builtin:flexnic}: Stage0 hashes the key of every memcached request
     * into meta.hash (4 buckets), Stage1 maps each bucket to the queue of the core that owns it.
     */
    public static String kvFlexnicConfig() {
        return read("kv-flexnic-config.json");
    }

    private static String read(String name) {
        try (InputStream in = Examples.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("example " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read example " + name, e);
        }
    }
}
