package io.nicplan.flexnic.tcp;

/** One flow's fast-path state at one moment (a copy; see {@link FlowTable} for the meaning of each word). */
public record FlowView(int slot, int rxAvail, int rxNextPos, int rxNextSeq, int peerWindow, int duplicateAcks,
        int outOfOrderStart, int outOfOrderLength, int txAvail, int txSent, int txNextPos, int txNextSeq,
        int timestampToEcho, int txRateKbps, int drops, int acks, int ackedBytes, int ecnMarkedBytes, int rttMicros,
        boolean finReceived, boolean closing, boolean finSent, boolean finAcknowledged) {
}
