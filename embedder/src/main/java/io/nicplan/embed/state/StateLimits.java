package io.nicplan.embed.state;

/** Upper bounds on the size of a protocol state, so a mistaken or hostile input fails clearly and early. */
final class StateLimits {
    public static final int MAX_INTERFACES = 64;
    public static final int MAX_ADDRESSES_PER_INTERFACE = 64;
    public static final int MAX_APPLICATIONS = 1_024;
    public static final int MAX_CORES_PER_APPLICATION = 1_024;
    /** Highest core number accepted. */
    public static final int MAX_CORE = 4_095;
    public static final int MAX_ENDPOINTS = 10_000;
    public static final int MAX_SOCKETS_PER_ENDPOINT = 256;
    public static final int MAX_FLOWS = 100_000;
    /** Upper bound on a flow's packet rate: 200 Mpps is beyond a 100 Gb/s link at minimum frame size. */
    public static final double MAX_PPS = 200e6;
    /** Largest frame size accepted (jumbo frames). */
    public static final int MAX_BYTES_PER_PACKET = 9_216;
    /** Smallest Ethernet frame without FCS. */
    public static final int MIN_BYTES_PER_PACKET = 60;

    private StateLimits() {
    }
}
