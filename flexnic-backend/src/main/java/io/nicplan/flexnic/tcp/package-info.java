/**
 * FlexTCP's fast path on the emulated FlexNIC (TAS, EuroSys 2019: the common case of TCP in
 * the NIC, everything else on a host slow path). {@link io.nicplan.flexnic.tcp.FlexTcpFastPath}
 * is the per-segment engine the pipeline hands segments to; its state is one flat
 * {@link io.nicplan.flexnic.tcp.FlowTable} of 128-byte records (TAS's two cache lines),
 * installed and removed by the control path through {@link io.nicplan.flexnic.program.FlowSpec}
 * updates in the runtime's write batches. Segments it does not handle go to the slow path's
 * queue, counted by {@link io.nicplan.flexnic.tcp.SegmentReason}. The slow path and the
 * application interface are in {@code tcp.host}, congestion control in {@code tcp.cc}
 * (docs/flextcp.md).
 */
package io.nicplan.flexnic.tcp;
