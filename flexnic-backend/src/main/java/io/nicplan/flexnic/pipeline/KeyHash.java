package io.nicplan.flexnic.pipeline;

/** The hash of a table key (one long per key field) used by the open-addressing lookups. */
final class KeyHash {

    private KeyHash() {
    }

    static long start() {
        return 0x243F6A8885A308D3L;
    }

    static long add(long h, long value) {
        h ^= value;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** Final avalanche (SplitMix64's finaliser) so low bits depend on every key bit. */
    static int finish(long h) {
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 27;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 31));
    }

    /** Power-of-two slot count keeping the load factor at most one half. */
    static int slotsFor(int entries) {
        int slots = 4;
        while (slots < entries * 2) {
            slots <<= 1;
        }
        return slots;
    }
}
