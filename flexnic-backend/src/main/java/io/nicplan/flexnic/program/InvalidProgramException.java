package io.nicplan.flexnic.program;

import java.util.List;

/** A program that cannot be loaded; {@link #problems()} lists every reason, each naming its part. */
final class InvalidProgramException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidProgramException(List<String> problems) {
        super("invalid FlexNIC program: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
