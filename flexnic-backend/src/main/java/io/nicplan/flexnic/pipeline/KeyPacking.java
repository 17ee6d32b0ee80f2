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
    /**
     * Words 0 and 1 (most keys fit two words) as up to {@value #SLOTS} fields each, in plain
     * fields so that packing a word is straight-line code (no loop, no index arrays): per slot
     * the packet-field index and the shift. An unused slot reads {@link PacketMetadata#ZERO_SLOT},
     * which is always 0. A word with more fields ({@code firstWide}, {@code secondWide}) takes
     * the general loop.
     */
    private static final int SLOTS = 4;
    private final int first0, first1, first2, first3, second0, second1, second2, second3;
    private final int firstShift0, firstShift1, firstShift2, firstShift3;
    private final int secondShift0, secondShift1, secondShift2, secondShift3;
    private final boolean firstWide;
    private final boolean secondWide;

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
        int[] first = slots(0);
        int[] second = slots(1);
        this.firstWide = first == null;
        this.secondWide = second == null;
        int[] a = firstWide ? slots(-1) : first;
        int[] b = secondWide ? slots(-1) : second;
        first0 = a[0];
        first1 = a[1];
        first2 = a[2];
        first3 = a[3];
        firstShift0 = a[4];
        firstShift1 = a[5];
        firstShift2 = a[6];
        firstShift3 = a[7];
        second0 = b[0];
        second1 = b[1];
        second2 = b[2];
        second3 = b[3];
        secondShift0 = b[4];
        secondShift1 = b[5];
        secondShift2 = b[6];
        secondShift3 = b[7];
    }

    /**
     * Word {@code word}'s fields as {@value #SLOTS} indexes then {@value #SLOTS} shifts, unused
     * slots on the zero slot; null if the word has more fields than slots. Word -1 (or a word
     * past the last) has none.
     */
    private int[] slots(int word) {
        int from = word < 0 || word >= words ? 0 : wordStart[word];
        int to = word < 0 || word >= words ? 0 : wordStart[word + 1];
        if (to - from > SLOTS) {
            return null;
        }
        int[] slots = new int[2 * SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = from + i < to ? fieldIndex[from + i] : PacketMetadata.ZERO_SLOT;
            slots[SLOTS + i] = from + i < to ? fieldShift[from + i] : 0;
        }
        return slots;
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

    /**
     * Word 0 of the packet's key: {@link #word} without the bookkeeping, for the lookups' fast
     * paths. {@code packetFields} is a {@link PacketMetadata} field array (it has the zero slot).
     */
    long first(long[] packetFields) {
        if (firstWide) {
            return word(packetFields, 0);
        }
        final long[] f = packetFields;
        return f[first0] << firstShift0 | f[first1] << firstShift1 | f[first2] << firstShift2 | f[first3] << firstShift3;
    }

    /** Word 1 of the packet's key (0 for a one-word key). */
    long second(long[] packetFields) {
        if (secondWide) {
            return word(packetFields, 1);
        }
        final long[] f = packetFields;
        return f[second0] << secondShift0 | f[second1] << secondShift1 | f[second2] << secondShift2
                | f[second3] << secondShift3;
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
