package io.nicplan.graph;

import java.util.Objects;

/**
 * A finite hardware capacity a description declares, e.g. 128 {@code fivetuple_filters}.
 * Configuration functions consume resources; a configuration that needs more is rejected.
 */
public record Resource(String name, long capacity) {
    /** Receive queues. */
    public static final String RX_QUEUES = "rx_queues";
    public static final String TX_QUEUES = "tx_queues";
    public static final String FIVETUPLE_FILTERS = "fivetuple_filters";
    public static final String FDIR_FILTERS = "fdir_filters";
    public static final String RSS_TABLE_ENTRIES = "rss_table_entries";
    public static final String RSS_QUEUES = "rss_queues";
    public static final String ETHERTYPE_FILTERS = "ethertype_filters";
    public static final String MA_STAGES = "ma_stages";
    public static final String MA_TABLE_ENTRIES = "ma_table_entries";
    public static final String FLOWSTATE_SLOTS = "flowstate_slots";
    /** Bytes of the Toeplitz key register, where not the standard 40 (the Intel 700 series: 52). */
    public static final String RSS_KEY_BYTES = "rss_key_bytes";

    /** The standard names every shipped description uses where they apply. */
    public static final java.util.List<String> STANDARD_NAMES = java.util.List.of(
            RX_QUEUES, TX_QUEUES, FIVETUPLE_FILTERS, FDIR_FILTERS, RSS_TABLE_ENTRIES, RSS_QUEUES,
            ETHERTYPE_FILTERS, MA_STAGES, MA_TABLE_ENTRIES, FLOWSTATE_SLOTS, RSS_KEY_BYTES);

    public Resource {
        Objects.requireNonNull(name, "name");
        if (capacity < 0) {
            throw new IllegalArgumentException("resource " + name + " has negative capacity " + capacity);
        }
    }
}
