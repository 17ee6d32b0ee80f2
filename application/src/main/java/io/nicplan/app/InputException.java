package io.nicplan.app;

import io.nicplan.embed.input.InputProblem;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.optimizer.cost.CostSpecException;
import java.util.List;
import java.util.Objects;

/**
 * Input a use case rejects (a protocol state, configuration, cost specification, plan or file that does
 * not fit), with every problem at its JSON pointer. The command line prints {@link #describe()}; the
 * service answers each problem at its pointer. The one place the layers' own input exceptions are turned
 * into this one.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem: where (a JSON pointer within {@link #subject()}, empty for the whole of it) and why. */
    public record Problem(String pointer, String message) {
        public Problem {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
        }
    }

    private final String subject;
    private final transient List<Problem> problems;
    private final boolean listed;

    /** Problems found in {@code subject} (e.g. {@code protocol state}), described one per line. */
    public InputException(String subject, List<Problem> problems) {
        this(subject, problems, summary(subject, problems), true, null);
    }

    /** One problem with the whole input, described by {@code message} alone. */
    public InputException(String message) {
        this("input", List.of(new Problem("", message)), message, false, null);
    }

    /** One problem at {@code pointer} of {@code subject}, described by {@code message} alone. */
    public InputException(String subject, String pointer, String message) {
        this(subject, List.of(new Problem(pointer, message)), message, false, null);
    }

    private InputException(String subject, List<Problem> problems, String message, boolean listed, Throwable cause) {
        super(message, cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InputException needs at least one problem");
        }
        this.subject = subject;
        this.problems = List.copyOf(problems);
        this.listed = listed;
    }

    /** The embedder's rejection of a state, configuration or plan file, problem by problem. */
    public static InputException of(InvalidInputException e) {
        List<Problem> problems = e.problems().stream().map(InputException::problem).toList();
        return new InputException(e.subject(), problems, e.getMessage(), true, e);
    }

    /** A cost specification's problem, at its pointer within the specification. */
    public static InputException of(CostSpecException e) {
        String prefix = (e.pointer().isEmpty() ? "/" : e.pointer()) + ": ";
        String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new InputException("cost specification", List.of(new Problem(e.pointer(), reason)), e.getMessage(), false, e);
    }

    private static Problem problem(InputProblem p) {
        return new Problem(p.pointer(), p.message());
    }

    /** What was being read, e.g. {@code protocol state}, {@code configuration}, {@code cost specification}. */
    public String subject() {
        return subject;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The same problems, as found in the {@code pointerPrefix} part of a larger document. */
    public InputException within(String pointerPrefix) {
        List<Problem> moved = problems.stream().map(p -> new Problem(pointerPrefix + p.pointer(), p.message())).toList();
        return new InputException(subject, moved, getMessage(), listed, this);
    }

    /** For people: one line, or {@code invalid SUBJECT:} and one line per problem. */
    public String describe() {
        if (!listed) {
            return getMessage();
        }
        StringBuilder sb = new StringBuilder("invalid ").append(subject).append(":");
        for (Problem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }

    private static String summary(String subject, List<Problem> problems) {
        if (problems.isEmpty()) {
            return "invalid " + subject;
        }
        return "invalid " + subject + ": " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
