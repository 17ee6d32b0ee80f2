package io.nicplan.flexnic.capture;

/** Which way a frame crossed the wire, seen from the NIC. */
public enum Direction {
    /** From the wire into the NIC. */
    RX,
    /** From the NIC onto the wire. */
    TX
}
