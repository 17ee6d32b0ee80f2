/**
 * What a FlexNIC runs, as values: the pipeline layout ({@link io.nicplan.flexnic.program.FlexNicProgram}:
 * tables per stage with their keys and capacities, RSS contexts, DMA rings, counters, rate
 * classes) and the entities the control path writes into it ({@link io.nicplan.flexnic.program.TableEntry},
 * default actions, RSS indirection tables) with their {@link io.nicplan.flexnic.program.ActionSpec actions}.
 * A compiler from a plan targets these types; {@code io.nicplan.flexnic.runtime} installs them.
 */
package io.nicplan.flexnic.program;
