package io.nicplan.flexnic.runtime;

/** What an update does to its entity (P4Runtime {@code Update.Type}). */
public enum UpdateType {
    INSERT, MODIFY, DELETE
}
