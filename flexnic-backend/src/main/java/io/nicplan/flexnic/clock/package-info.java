/**
 * Time for the emulator: a {@link io.nicplan.flexnic.clock.Clock} that is either simulated
 * (deterministic, advanced by the {@link io.nicplan.flexnic.clock.EventLoop}) or the wall clock,
 * and a discrete-event loop that runs timed tasks in order on either.
 */
package io.nicplan.flexnic.clock;
