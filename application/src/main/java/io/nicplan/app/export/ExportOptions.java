package io.nicplan.app.export;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an export is meant to run: the Linux network device ({@code ethtool}, {@code tc}), the DPDK port
 * ({@code rte_flow}), and whether parts the target cannot take may be moved to what it can take
 * ({@code bestEffort}, every move reported with its cost) instead of refusing the plan.
 */
public record ExportOptions(String device, int port, boolean bestEffort) {
    /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no white space or slash. */
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    public ExportOptions {
        Objects.requireNonNull(device, "device");
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("device '" + device + "' is not a Linux interface name (1..15 of A-Z a-z 0-9 _ . : @ -)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("DPDK port " + port + " not in 0..65535");
        }
    }

    /** {@code eth0}, port 0, strict. */
    public static ExportOptions defaults() {
        return new ExportOptions("eth0", 0, false);
    }

    public ExportOptions withBestEffort(boolean on) {
        return new ExportOptions(device, port, on);
    }
}
