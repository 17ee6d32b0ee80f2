package io.nicplan.flexnic.link;

/**
 * One direction of a simulated link.
 *
 * @param bitsPerSecond the line rate frames are serialised at
 * @param delayNanos propagation delay
 * @param queueBytes the transmit queue's capacity; a frame that does not fit is dropped (tail drop)
 * @param ecnThresholdBytes an ECN-capable frame that finds at least this many bytes queued is
 *     marked CE (DCTCP's K, on the instantaneous queue); {@link Integer#MAX_VALUE} for no marking
 * @param loss probability a frame is lost on the wire
 * @param reorder probability a frame is held back by {@code reorderDelayNanos}, so later frames overtake it
 * @param reorderDelayNanos how long a reordered frame is held back
 * @param duplicate probability a frame arrives twice
 * @param corrupt probability a byte of a frame is flipped on the wire; the receiving MAC's FCS
 *     check drops it (counted), so a corrupted frame is never delivered
 * @param seed the impairments' random generator's seed: the same seed, the same run
 */
public record LinkSettings(long bitsPerSecond, long delayNanos, int queueBytes, int ecnThresholdBytes, double loss,
        double reorder, long reorderDelayNanos, double duplicate, double corrupt, long seed) {

    public LinkSettings {
        if (bitsPerSecond < 1 || delayNanos < 0 || queueBytes < 1 || ecnThresholdBytes < 0 || reorderDelayNanos < 0) {
            throw new IllegalArgumentException("bad link settings: " + this);
        }
        for (double p : new double[] {loss, reorder, duplicate, corrupt}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("probabilities must be 0..1: " + this);
            }
        }
    }

    /** A clean link: no marking, no impairments, a 4 MB queue. */
    public static LinkSettings ideal(long bitsPerSecond, long delayNanos) {
        return new LinkSettings(bitsPerSecond, delayNanos, 4 << 20, Integer.MAX_VALUE, 0, 0, 0, 0, 0, 1);
    }

    public LinkSettings withQueue(int capacityBytes, int markingThresholdBytes) {
        return new LinkSettings(bitsPerSecond, delayNanos, capacityBytes, markingThresholdBytes, loss, reorder,
                reorderDelayNanos, duplicate, corrupt, seed);
    }

    public LinkSettings withLoss(double probability) {
        return new LinkSettings(bitsPerSecond, delayNanos, queueBytes, ecnThresholdBytes, probability, reorder,
                reorderDelayNanos, duplicate, corrupt, seed);
    }

    public LinkSettings withReordering(double probability, long holdBackNanos) {
        return new LinkSettings(bitsPerSecond, delayNanos, queueBytes, ecnThresholdBytes, loss, probability, holdBackNanos,
                duplicate, corrupt, seed);
    }

    public LinkSettings withDuplication(double probability) {
        return new LinkSettings(bitsPerSecond, delayNanos, queueBytes, ecnThresholdBytes, loss, reorder, reorderDelayNanos,
                probability, corrupt, seed);
    }

    public LinkSettings withCorruption(double probability) {
        return new LinkSettings(bitsPerSecond, delayNanos, queueBytes, ecnThresholdBytes, loss, reorder, reorderDelayNanos,
                duplicate, probability, seed);
    }

    public LinkSettings withSeed(long newSeed) {
        return new LinkSettings(bitsPerSecond, delayNanos, queueBytes, ecnThresholdBytes, loss, reorder, reorderDelayNanos,
                duplicate, corrupt, newSeed);
    }
}
