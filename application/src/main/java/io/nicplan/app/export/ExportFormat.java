package io.nicplan.app.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The text forms a plan can be exported in (docs/export.md). */
public enum ExportFormat {
    /** A shell script of {@code ethtool -L/-X/-N/-K} commands (Linux ntuple filters and RSS). */
    ETHTOOL("ethtool"),
    /** A shell script of {@code tc} flower filters ({@code skip_sw}) on the ingress qdisc, RSS by ethtool. */
    TC("tc"),
    /** A DPDK testpmd command file: RETA, key and {@code flow create} rules (rte_flow). */
    RTE_FLOW("rte_flow");

    private final String symbol;

    ExportFormat(String symbol) {
        this.symbol = symbol;
    }

    /** The name users give: {@code ethtool}, {@code tc}, {@code rte_flow}. */
    public String symbol() {
        return symbol;
    }

    public static Optional<ExportFormat> bySymbol(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.symbol.equals(n)).findFirst();
    }

    /** The symbols, for messages: {@code ethtool, tc, rte_flow}. */
    public static String symbols() {
        return String.join(", ", Arrays.stream(values()).map(ExportFormat::symbol).toList());
    }
}
