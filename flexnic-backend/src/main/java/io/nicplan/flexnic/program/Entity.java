package io.nicplan.flexnic.program;

/** Something the control path writes into an installed program. */
public sealed interface Entity permits TableEntry, DefaultAction, RssIndirection {

    /** The table or RSS context the entity belongs to. */
    String target();
}
