package io.nicplan.flexnic.tcp.apps;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic byte stream for bulk transfers: byte {@code i} of stream {@code seed} is a
 * function of {@code (seed, i)} alone, so a sender can produce it in chunks of any size and a
 * receiver can compute its SHA-256 without holding it.
 */
public final class Payload {

    private Payload() {
    }

    /** Writes bytes {@code [offset, offset + length)} of stream {@code seed} into {@code dst[at..]}. */
    public static void fill(long seed, long offset, byte[] dst, int at, int length) {
        long word = offset >>> 3;
        long value = mix(seed, word);
        for (int i = 0; i < length; i++) {
            long position = offset + i;
            if ((position >>> 3) != word) {
                word = position >>> 3;
                value = mix(seed, word);
            }
            dst[at + i] = (byte) (value >>> ((position & 7) * 8));
        }
    }

    /** The SHA-256 of the first {@code bytes} bytes of stream {@code seed}. */
    public static byte[] sha256(long seed, long bytes) {
        MessageDigest digest = newSha256();
        byte[] chunk = new byte[64 * 1024];
        for (long done = 0; done < bytes; ) {
            int n = (int) Math.min(chunk.length, bytes - done);
            fill(seed, done, chunk, 0, n);
            digest.update(chunk, 0, n);
            done += n;
        }
        return digest.digest();
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014) over the word index and the seed. */
    private static long mix(long seed, long word) {
        long z = seed * 0x9E3779B97F4A7C15L + word * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
