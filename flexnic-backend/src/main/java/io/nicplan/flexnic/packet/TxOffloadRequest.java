package io.nicplan.flexnic.packet;

/**
 * The transmit offloads the host asks for on one frame, as a driver sets them in the frame's
 * transmit (context) descriptor: the 82599's IXSM (IPv4 header checksum), TXSM (TCP/UDP
 * checksum) and TSE with an MSS (TCP segmentation), datasheet 7.2.4-7.2.5.
 *
 * @param ipv4Checksum fill in the IPv4 header checksum
 * @param l4Checksum fill in the TCP or UDP checksum (over the pseudo-header, RFC 793 3.1, RFC 768)
 * @param mss segment the TCP payload into frames of at most this many bytes (TSO); 0 for none.
 *     Segmentation fills in both checksums of every segment, as the hardware does.
 */
public record TxOffloadRequest(boolean ipv4Checksum, boolean l4Checksum, int mss) {
    /** Nothing: the frame leaves as the host built it. */
    public static final TxOffloadRequest NONE = new TxOffloadRequest(false, false, 0);
    /** Both checksums, no segmentation. */
    public static final TxOffloadRequest CHECKSUMS = new TxOffloadRequest(true, true, 0);
    /** The largest MSS accepted: a segment must fit an IPv4 datagram. */
    public static final int MAX_MSS = 65535 - 40;

    public TxOffloadRequest {
        if (mss < 0 || mss > MAX_MSS) {
            throw new IllegalArgumentException("MSS must be 0 (no TSO) or 1.." + MAX_MSS + ", got " + mss);
        }
    }

    /** TCP segmentation with both checksums. */
    public static TxOffloadRequest tso(int mss) {
        if (mss < 1) {
            throw new IllegalArgumentException("a TSO request needs an MSS of at least 1, got " + mss);
        }
        return new TxOffloadRequest(true, true, mss);
    }

    public boolean segments() {
        return mss > 0;
    }

    public boolean any() {
        return ipv4Checksum || l4Checksum || mss > 0;
    }
}
