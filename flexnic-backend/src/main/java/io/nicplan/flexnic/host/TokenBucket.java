package io.nicplan.flexnic.host;

/**
 * A token bucket: tokens accrue at {@code bitsPerSecond} up to {@code burstBytes}; a packet
 * conforms if enough tokens are there and then takes them. A packet larger than the burst
 * conforms on a full bucket and leaves a debt, so big packets are delayed, not starved.
 * Tokens are kept in bit-nanoseconds per second (bits x 10^9) so that all arithmetic is exact
 * integer arithmetic. Driven by the caller's clock; not thread-safe.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long rate;
    private final long capacity;
    private long tokens;
    private long last;

    /**
     * A full bucket at time {@code nowNanos}.
     *
     * @throws IllegalArgumentException unless rate >= 1 and 1 <= burst <= 2^30 bytes
     */
    public TokenBucket(long bitsPerSecond, long burstBytes, long nowNanos) {
        if (bitsPerSecond < 1 || burstBytes < 1 || burstBytes > (1L << 30)) {
            throw new IllegalArgumentException("token bucket needs rate >= 1 bit/s and burst 1..2^30 bytes, got "
                    + bitsPerSecond + " bit/s, " + burstBytes + " bytes");
        }
        this.rate = bitsPerSecond;
        // 2^30 bytes * 8 * 10^9 < 2^63: the capacity fits a long.
        this.capacity = burstBytes * 8 * NANOS_PER_SECOND;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    public long bitsPerSecond() {
        return rate;
    }

    public long burstBytes() {
        return capacity / 8 / NANOS_PER_SECOND;
    }

    private void refill(long now) {
        if (now <= last) {
            return;
        }
        long elapsed = now - last;
        last = now;
        long missing = capacity - tokens;
        // Cap the elapsed time at what refills the bucket, so rate * elapsed cannot overflow.
        if (elapsed >= missing / rate + 1) {
            tokens = capacity;
        } else {
            tokens += rate * elapsed;
        }
    }

    private long need(int bytes) {
        return Math.min((long) bytes * 8 * NANOS_PER_SECOND, capacity);
    }

    /** True if a packet of {@code bytes} may pass now, without taking tokens. */
    public boolean conforms(long nowNanos, int bytes) {
        refill(nowNanos);
        return tokens >= need(bytes);
    }

    /** Takes the tokens of a packet if it conforms. */
    public boolean tryConsume(long nowNanos, int bytes) {
        refill(nowNanos);
        if (tokens < need(bytes)) {
            return false;
        }
        tokens -= (long) bytes * 8 * NANOS_PER_SECOND;
        return true;
    }

    /** The earliest time at or after {@code nowNanos} when a packet of {@code bytes} conforms. */
    public long nextConformingTime(long nowNanos, int bytes) {
        refill(nowNanos);
        long missing = need(bytes) - tokens;
        if (missing <= 0) {
            return nowNanos;
        }
        return nowNanos + (missing + rate - 1) / rate;
    }
}
