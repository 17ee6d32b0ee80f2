package io.nicplan.flexnic.capture;

/** Sees every frame crossing the NIC's port, both directions, with the emulator clock's time. */
public interface WireTap {

    void frame(Direction direction, long timeNanos, byte[] frame, int offset, int length);
}
