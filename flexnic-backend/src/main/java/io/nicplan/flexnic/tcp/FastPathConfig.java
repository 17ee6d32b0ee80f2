package io.nicplan.flexnic.tcp;

/**
 * How a FlexTCP fast path is set up.
 *
 * @param flowSlots flow-state records (the description's {@code flowstate_slots}; TAS: 128K)
 * @param localMac the NIC port's MAC address, low 48 bits (source of every frame it sends)
 * @param mss the largest payload per segment (TAS: 1448 = 1500 - 20 IPv4 - 20 TCP - 12 timestamps)
 * @param slowPathQueue the RX queue segments for the slow path are delivered to
 */
public record FastPathConfig(int flowSlots, long localMac, int mss, int slowPathQueue) {

    /** TAS's segment payload: a 1500-byte MTU minus IPv4, TCP and the timestamp option. */
    public static final int DEFAULT_MSS = 1448;

    public FastPathConfig {
        if (flowSlots < 1) {
            throw new IllegalArgumentException("flowSlots must be >= 1, got " + flowSlots);
        }
        if (mss < 1 || mss > 9000) {
            throw new IllegalArgumentException("mss must be 1..9000, got " + mss);
        }
        if (slowPathQueue < 0) {
            throw new IllegalArgumentException("slowPathQueue must be >= 0, got " + slowPathQueue);
        }
        if ((localMac >>> 48) != 0) {
            throw new IllegalArgumentException("localMac has more than 48 bits: " + Long.toHexString(localMac));
        }
    }
}
