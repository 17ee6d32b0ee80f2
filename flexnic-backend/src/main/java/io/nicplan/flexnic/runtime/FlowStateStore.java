package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.program.FlowSpec;
import java.util.Optional;

/**
 * The per-flow state a fast-path engine keeps (FlexTCP's flow table), as the control path sees
 * it: {@link FlowSpec} inserts and deletes arrive in the same write batches as table entries and
 * are checked and committed with them, so a batch that installs a connection's flow state and a
 * steering entry is all-or-nothing, and a full table answers {@code RESOURCE_EXHAUSTED}.
 *
 * <p>Threading: {@link FlexNicRuntime} calls {@link #installFlow} and {@link #removeFlow} on the thread
 * that writes the batch; the flow table belongs to the packet path's thread, so flow state is
 * written from that thread (the FlexTCP slow path runs there).
 */
public interface FlowStateStore {

    /** Flow-state slots in all (the description's {@code flowstate_slots}). */
    int capacity();

    /** Slots in use. */
    int size();

    /** Whether a flow with this 4-tuple is installed. */
    boolean installed(FlowSpec flow);

    /** Why this flow cannot be installed (e.g. a buffer outside host memory), or empty. */
    Optional<String> problem(FlowSpec flow);

    /** Installs a flow that passed the checks; a slot is free. */
    void installFlow(FlowSpec flow);

    /** Removes the installed flow with this 4-tuple. */
    void removeFlow(FlowSpec flow);
}
