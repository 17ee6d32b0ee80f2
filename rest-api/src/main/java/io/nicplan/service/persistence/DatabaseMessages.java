package io.nicplan.service.persistence;

import java.sql.SQLException;

/** Database errors as one line for an operator: the driver's words, without its codes and stack. */
public final class DatabaseMessages {

    private DatabaseMessages() {
    }

    /** The first line of {@code e}'s message, H2's "[errorcode-build]" suffix removed, plus its root cause. */
    public static String of(SQLException e) {
        return withoutDriverCodes(firstLine(e.getMessage())) + rootCause(e);
    }

    /** H2 ends its messages with "[errorcode-build]" and calls a read error "IO Exception". */
    private static String withoutDriverCodes(String message) {
        return message.replaceFirst("\\s*\\[\\d{5}-\\d+]$", "").replace("IO Exception:", "input/output error on");
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t || root.getMessage() == null ? "" : " (" + firstLine(root.getMessage()) + ")";
    }

    /** The first line of an exception message, for one-line reports. */
    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
