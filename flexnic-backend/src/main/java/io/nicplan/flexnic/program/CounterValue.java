package io.nicplan.flexnic.program;

/** A packet and byte count read from a counter. */
public record CounterValue(long packets, long bytes) {

    public static final CounterValue ZERO = new CounterValue(0, 0);
}
