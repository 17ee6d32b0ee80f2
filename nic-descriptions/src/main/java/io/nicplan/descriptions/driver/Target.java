package io.nicplan.descriptions.driver;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a plan is made for: the NIC's silicon as its description states it, or what the NIC's Linux driver lets
 * {@code ethtool} reach ({@link DriverLimits}, docs/nic-descriptions.md "Driver-visible limits").
 */
public enum Target {
    /** Everything the description declares (the default): a plan for the emulator or a NIC programmed directly. */
    HARDWARE,
    /** Only what the Linux driver exposes, so the plan's {@code ethtool} export takes it whole (docs/export.md). */
    LINUX;

    /** The name in requests and on the command line: {@code hardware}, {@code linux}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target of a name, ignoring case. */
    public static Optional<Target> bySymbol(String symbol) {
        return Arrays.stream(values()).filter(t -> t.symbol().equalsIgnoreCase(symbol)).findFirst();
    }
}
