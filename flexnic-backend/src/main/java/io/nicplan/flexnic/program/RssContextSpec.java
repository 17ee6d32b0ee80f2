package io.nicplan.flexnic.program;

import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An RSS context: hash type, Toeplitz key and the initial indirection table (bucket i goes to
 * queue {@code indirection[i]}; the bucket is the low bits of the hash, so the size is a power
 * of two, commonly 128).
 */
public record RssContextSpec(String name, RssHashType hashType, byte[] key, List<Integer> indirection) {

    public RssContextSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hashType, "hashType");
        key = key.clone();
        indirection = List.copyOf(indirection);
    }

    /** A context with the standard key spreading buckets round-robin over {@code queues} queues. */
    public static RssContextSpec roundRobin(String name, RssHashType hashType, int buckets, int queues) {
        Integer[] table = new Integer[buckets];
        for (int i = 0; i < buckets; i++) {
            table[i] = i % queues;
        }
        return new RssContextSpec(name, hashType, Toeplitz.standardKey(), List.of(table));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RssContextSpec r && r.name.equals(name) && r.hashType == hashType && Arrays.equals(r.key, key)
                && r.indirection.equals(indirection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, hashType, Arrays.hashCode(key), indirection);
    }

    @Override
    public String toString() {
        return "rss " + name + " " + hashType + " key " + HexFormat.of().formatHex(key) + " table " + indirection;
    }
}
