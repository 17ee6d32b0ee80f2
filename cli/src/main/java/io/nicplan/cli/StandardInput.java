package io.nicplan.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard input as a file named {@code -}, the convention of cat, jq and curl: wherever a command reads a file,
 * {@code -} reads this process's standard input instead. It can be read once, so at most one argument of a
 * command may be {@code -}.
 */
final class StandardInput {
    /** The name diagnostics give text read from standard input, as gcc and javac do. */
    static final String DISPLAY_NAME = "<stdin>";

    private static InputStream source = System.in;
    private static boolean consumed;

    private StandardInput() {
    }

    /** True when {@code argument} names standard input. */
    static boolean named(String argument) {
        return "-".equals(argument);
    }

    /** Reads from {@code in} from now on (tests; System.in otherwise), as if the process had just started. */
    static void use(InputStream in) {
        source = in;
        consumed = false;
    }

    /** All of standard input as UTF-8 text, refused past {@code maxBytes} and when it has been read already. */
    static String text(long maxBytes) {
        if (consumed) {
            throw new UserInputException("standard input (-) is named twice; only one input can come from it");
        }
        consumed = true;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int n; (n = source.read(chunk)) > 0; ) {
                if (buffer.size() + (long) n > maxBytes) {
                    throw new UserInputException(DISPLAY_NAME + ": larger than " + (maxBytes >> 20) + " MiB");
                }
                buffer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UserInputException(DISPLAY_NAME + ": cannot read: " + e.getMessage());
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
