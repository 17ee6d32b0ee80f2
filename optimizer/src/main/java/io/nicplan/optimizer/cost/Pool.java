package io.nicplan.optimizer.cost;

/** The finite tables placements draw entries from. */
public enum Pool {
    FIVETUPLE("fivetuple_filters"),
    FDIR("fdir_filters"),
    MATCH_ACTION("ma_table_entries"),
    FLOWSTATE("flowstate_slots");

    private final String resourceName;

    Pool(String resourceName) {
        this.resourceName = resourceName;
    }

    /** The description's resource name for this table. */
    public String resourceName() {
        return resourceName;
    }
}
