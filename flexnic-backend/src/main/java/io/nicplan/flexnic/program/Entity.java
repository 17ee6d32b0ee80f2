package io.nicplan.flexnic.program;

/** Something the control path writes into an installed program. */
public sealed interface Entity permits TableEntry, DefaultAction, RssIndirection, FlowSpec {

    /** The table or RSS context the entity belongs to ({@link FlowSpec#FLOW_STATE} for flow state). */
    String target();
}
