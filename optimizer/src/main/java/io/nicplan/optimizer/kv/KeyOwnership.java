package io.nicplan.optimizer.kv;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Which core owns a memcached key (docs/formats.md "Key ownership"): a partitioned store with k
 * cores c_0 < ... < c_(k-1) gives key K to c_(crc32c(K) mod k). CRC32C is the hash FlexNIC's parser
 * computes over the key ({@code kv.key_hash}, the emulator's {@code KvRequestParser}), so a stage
 * hashing into b buckets with k dividing b sends bucket j to the owner c_(j mod k):
 * crc mod b mod k = crc mod k.
 */
public final class KeyOwnership {
    private KeyOwnership() {
    }

    /** CRC32C of the key's UTF-8 bytes: what the NIC's parser writes into {@code kv.key_hash}. */
    public static long keyHash(String key) {
        CRC32C crc = new CRC32C();
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    /** The index, among {@code cores} owners, of the one owning {@code key}. */
    public static int ownerIndex(String key, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("a store needs at least one core, got " + cores);
        }
        return (int) (keyHash(key) % cores);
    }

    /** The core owning {@code key} among the application's {@code sortedCores}. */
    public static int owner(String key, List<Integer> sortedCores) {
        return sortedCores.get(ownerIndex(key, sortedCores.size()));
    }
}
