package io.nicplan.flexnic.tcp;

/**
 * The fast path's notifications to application contexts (TAS's per-context event queues): for
 * one flow, bytes newly placed in its receive buffer and bytes of its transmit buffer the peer
 * acknowledged (now free), plus connection events. Called on the emulator's thread during
 * segment processing; must not block and should not allocate.
 */
@FunctionalInterface
public interface ApplicationEvents {

    /** The peer's FIN arrived in order: no more bytes will be received. */
    int FIN_RECEIVED = 1;
    /** The peer acknowledged this side's FIN. */
    int FIN_ACKNOWLEDGED = 2;

    /** Nowhere to deliver: events are dropped (tests that only look at the state). */
    ApplicationEvents NONE = (context, opaque, slot, received, acknowledged, events) -> { };

    /**
     * @param context the flow's application context
     * @param opaque the application's tag for the flow
     * @param slot the flow's slot in the flow table
     * @param receivedBytes new in-order bytes in the receive buffer, following the previous ones
     * @param acknowledgedBytes bytes at the head of the transmit buffer that are free again
     * @param events {@link #FIN_RECEIVED} and {@link #FIN_ACKNOWLEDGED} bits
     */
    void flowEvent(int context, int opaque, int slot, int receivedBytes, int acknowledgedBytes, int events);
}
