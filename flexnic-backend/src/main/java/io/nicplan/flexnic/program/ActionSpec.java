package io.nicplan.flexnic.program;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The action of a table entry or a table's default: a list of primitives run in order, with at
 * most one fate. The empty list is P4's {@code NoAction}.
 */
public record ActionSpec(List<Action> primitives) {

    /** Does nothing: the packet continues with its fate unchanged. */
    public static final ActionSpec NO_ACTION = new ActionSpec(List.of());

    public ActionSpec {
        primitives = List.copyOf(primitives);
    }

    public static ActionSpec of(Action... primitives) {
        return new ActionSpec(List.of(primitives));
    }

    public static ActionSpec queue(int queue) {
        return of(new Action.Queue(queue));
    }

    public static ActionSpec drop() {
        return of(new Action.Drop());
    }

    public static ActionSpec rss(String context) {
        return of(new Action.Rss(context));
    }

    public static ActionSpec fastPath() {
        return of(new Action.FastPath());
    }

    /** The fate primitive, if any (the first if a malformed spec has several). */
    public Optional<Action> fatePrimitive() {
        return primitives.stream().filter(a -> a.fate() != Fate.NONE).findFirst();
    }

    public Fate fate() {
        return fatePrimitive().map(Action::fate).orElse(Fate.NONE);
    }

    @Override
    public String toString() {
        return primitives.isEmpty() ? "none" : primitives.stream().map(Action::toString).collect(Collectors.joining(" "));
    }
}
