package io.nicplan.flexnic.emulator;

/** Where frames the NIC transmits go: the other end of the wire (a peer, a test, a traffic sink). */
@FunctionalInterface
public interface FrameSink {

    /** Receives one frame; the bytes are only valid during the call. */
    void accept(byte[] frame, int offset, int length, long timeNanos);
}
