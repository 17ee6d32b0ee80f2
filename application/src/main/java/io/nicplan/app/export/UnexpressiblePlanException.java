package io.nicplan.app.export;

import java.util.List;

/**
 * A plan the chosen format or driver cannot carry out: each reason names the C-node (and entry) and the
 * feature the target lacks. Nothing is dropped silently: an export either carries every placement or
 * fails with this (or, with {@link ExportOptions#bestEffort()}, reports each change it made).
 */
public final class UnexpressiblePlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> reasons;
    private final String format;
    private final String target;

    public UnexpressiblePlanException(String format, String target, List<String> reasons) {
        super(format + " for " + target + " cannot express " + reasons.size() + " part(s) of the plan: "
                + String.join("; ", reasons));
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an unexpressible plan needs a reason");
        }
        this.reasons = List.copyOf(reasons);
        this.format = format;
        this.target = target;
    }

    /** The format asked for ({@code ethtool}, {@code tc --diff-from}, ...). */
    public String format() {
        return format;
    }

    /** The NIC and its driver ({@code Intel82599 (ixgbe)}), or the NIC that has none. */
    public String target() {
        return target;
    }

    /** One sentence per part the target cannot take, naming it. */
    public List<String> reasons() {
        return reasons;
    }
}
