package io.nicplan.flexnic.tcp;

/**
 * Where the fast path's frames (ACKs and data segments) go: the NIC's transmit side, e.g.
 * {@code FlexNicEmulator::transmitFromNic}. The bytes are only valid during the call.
 */
@FunctionalInterface
public interface SegmentSink {

    void send(byte[] frame, int offset, int length);
}
