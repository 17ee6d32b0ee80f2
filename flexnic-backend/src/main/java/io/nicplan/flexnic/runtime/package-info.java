/**
 * The control path of the FlexNIC emulator (TAS's {@code slow/}), modelled on P4Runtime: batches
 * of INSERT / MODIFY / DELETE updates, validated entry by entry, applied with CONTINUE_ON_ERROR
 * or ROLLBACK_ON_ERROR atomicity (or only verified), each answered with its own status; reads
 * of entries and counters. A committed batch becomes a new immutable
 * {@link io.nicplan.flexnic.pipeline.PipelineSnapshot} published to the packet path in one step.
 */
package io.nicplan.flexnic.runtime;
