package io.nicplan.flexnic.pipeline;

/**
 * How a table key's fields pack into 64-bit words: each field (at most 48 bits) fills the
 * current word from the top down, and a field that does not fit starts the next word. A 5-tuple
 * (32 + 32 + 8 + 16 + 16 bits) packs into two words, so hashing and comparing a key costs two
 * word operations instead of five, and a table row is smaller (less cache for a large table).
 * Masks pack the same way, so a ternary match is {@code (key & mask) == value} per word.
 */
final class KeyPacking {

    /** Per key field: its packet-field index, the word it lands in, and its left shift there. */
    private final int[] fieldIndex;
    private final int[] fieldWord;
    private final int[] fieldShift;
    private final int words;
    /** Fields in key order are grouped by word: word w's fields are {@code [wordStart[w], wordStart[w+1])}. */
    private final int[] wordStart;
    /** The packet-field indexes and shifts of words 0 and 1 alone (most keys fit two words). */
    private final int[] firstIndex;
    private final int[] firstShift;
    private final int[] secondIndex;
    private final int[] secondShift;

    KeyPacking(int[] fieldIndex, int[] widths) {
        this.fieldIndex = fieldIndex.clone();
        this.fieldWord = new int[fieldIndex.length];
        this.fieldShift = new int[fieldIndex.length];
        int word = 0;
        int free = 64;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] > free) {
                word++;
                free = 64;
            }
            free -= widths[i];
            fieldWord[i] = word;
            fieldShift[i] = free;
        }
        this.words = fieldIndex.length == 0 ? 0 : word + 1;
        this.wordStart = new int[words + 2];
        for (int i = 0; i < fieldWord.length; i++) {
            wordStart[fieldWord[i] + 1] = i + 1;
        }
        // a word past the last holds no field
        wordStart[words + 1] = fieldIndex.length;
        int firstEnd = words > 0 ? wordStart[1] : 0;
        int secondEnd = words > 1 ? wordStart[2] : firstEnd;
        this.firstIndex = java.util.Arrays.copyOfRange(this.fieldIndex, 0, firstEnd);
        this.firstShift = java.util.Arrays.copyOfRange(fieldShift, 0, firstEnd);
        this.secondIndex = java.util.Arrays.copyOfRange(this.fieldIndex, firstEnd, secondEnd);
        this.secondShift = java.util.Arrays.copyOfRange(fieldShift, firstEnd, secondEnd);
    }

    /** Number of 64-bit words a key takes. */
    int words() {
        return words;
    }

    /** Packs per-field values given in key order (an entry's values or masks). */
    long[] pack(long[] keyOrderValues) {
        long[] packed = new long[words];
        for (int i = 0; i < fieldIndex.length; i++) {
            packed[fieldWord[i]] |= keyOrderValues[i] << fieldShift[i];
        }
        return packed;
    }

    /** Word 0 of the packet's key: {@link #word} without the bookkeeping, for the lookups' fast paths. */
    long first(long[] packetFields) {
        return packed(packetFields, firstIndex, firstShift);
    }

    /** Word 1 of the packet's key (0 for a one-word key). */
    long second(long[] packetFields) {
        return packed(packetFields, secondIndex, secondShift);
    }

    private static long packed(long[] packetFields, int[] index, int[] shift) {
        long k = 0;
        for (int i = 0; i < index.length; i++) {
            k |= packetFields[index[i]] << shift[i];
        }
        return k;
    }

    /** Word {@code word} of the packet's key (0 past the last word), read from its parsed fields; allocation-free. */
    long word(long[] packetFields, int word) {
        if (word >= words) {
            return 0;
        }
        final int[] idx = fieldIndex;
        final int[] fs = fieldShift;
        long k = 0;
        for (int i = wordStart[word], end = wordStart[word + 1]; i < end; i++) {
            k |= packetFields[idx[i]] << fs[i];
        }
        return k;
    }
}
