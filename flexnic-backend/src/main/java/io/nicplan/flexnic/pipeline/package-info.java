/**
 * The per-packet path of the FlexNIC emulator (TAS's {@code fast/}): the parser filling
 * {@link io.nicplan.flexnic.pipeline.PacketMetadata}, the compiled match-action tables and the
 * fate decision, all without allocating per packet. Its only contract with the control path
 * ({@code io.nicplan.flexnic.runtime}) is {@link io.nicplan.flexnic.pipeline.PipelineSnapshot}:
 * an immutable compiled program the control path builds and publishes with one volatile write,
 * and that the packet path reads once per packet.
 */
package io.nicplan.flexnic.pipeline;
