/**
 * Wires between emulated NICs on the simulated clock: a {@link io.nicplan.flexnic.link.SimulatedLink}
 * has a bandwidth, a propagation delay, a transmit queue that marks ECN-capable frames above a
 * threshold (DCTCP's marking) and drops at its capacity, and seeded impairments (loss,
 * reordering, duplication, corruption caught by the Ethernet FCS).
 */
package io.nicplan.flexnic.link;
