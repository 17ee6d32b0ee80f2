package io.nicplan.embed.json;

import io.nicplan.embed.input.InputProblem;
import io.nicplan.embed.input.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found in one input so all of them can be reported together.
 *
 * <p>Reporting stops growing after {@link #MAX_REPORTED} problems (a 100,000-flow file with the same
 * mistake everywhere should not produce 100,000 lines); the last entry then says how many more
 * there were.
 */
public final class Problems {
    /** Problems kept verbatim; further ones are only counted. */
    public static final int MAX_REPORTED = 200;

    private final List<InputProblem> problems = new ArrayList<>();
    private int dropped;

    public void add(String pointer, String message) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(new InputProblem(pointer, message));
        } else {
            dropped++;
        }
    }

    public void addAll(List<InputProblem> more) {
        for (InputProblem p : more) {
            add(p.pointer(), p.message());
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Number of problems found so far, counting those not kept. */
    public int count() {
        return problems.size() + dropped;
    }

    public List<InputProblem> list() {
        if (dropped == 0) {
            return List.copyOf(problems);
        }
        List<InputProblem> all = new ArrayList<>(problems);
        all.add(new InputProblem("", "... and " + dropped + " more problems"));
        return List.copyOf(all);
    }

    /** Throws an {@link InvalidInputException} about {@code subject} if any problem was found. */
    public void throwIfAny(String subject) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(subject, list());
        }
    }
}
