package io.nicplan.embed.input;

import java.util.Objects;

/**
 * One thing wrong with a user's input: where (a JSON pointer such as {@code /flows/17/dst}, or
 * the empty string for the whole document) and why.
 */
public record InputProblem(String pointer, String message) {
    public InputProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
    }
}
