package io.nicplan.embed.input;

import io.nicplan.embed.input.InputProblem;
import java.util.List;

/**
 * A protocol state, configuration or other user input was rejected; carries every problem found,
 * each with the JSON pointer of the offending value.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private final String subject;
    private final transient List<InputProblem> problems;

    public InvalidInputException(String subject, List<InputProblem> problems) {
        super(summary(subject, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        this.subject = subject;
        this.problems = List.copyOf(problems);
    }

    /** What was being read, e.g. {@code protocol state} or {@code configuration}. */
    public String subject() {
        return subject;
    }

    public List<InputProblem> problems() {
        return problems;
    }

    /** One line per problem, {@code pointer: message}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("invalid ").append(subject).append(":");
        for (InputProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }

    private static String summary(String subject, List<InputProblem> problems) {
        if (problems.isEmpty()) {
            return "invalid " + subject;
        }
        return "invalid " + subject + ": " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
