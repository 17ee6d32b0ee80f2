package io.nicplan.unicorn.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The integer names visible at one place: loop variables (innermost first) over the params and
 * resources declared so far, which are global and shared by all scopes.
 */
final class Scope {
    private final Map<String, Long> globals;
    private final Set<String> valueless;
    private final Scope parent;
    private final String variable;
    private final long value;

    private Scope(Map<String, Long> globals, Set<String> valueless, Scope parent, String variable, long value) {
        this.globals = globals;
        this.valueless = valueless;
        this.parent = parent;
        this.variable = variable;
        this.value = value;
    }

    /**
     * @param globals values of the params and resources declared so far
     * @param valueless params and resources declared with an erroneous value (already reported):
     *        their uses fail without a further message
     */
    static Scope root(Map<String, Long> globals, Set<String> valueless) {
        return new Scope(globals, valueless, null, null, 0);
    }

    Scope with(String loopVariable, long loopValue) {
        return new Scope(globals, valueless, this, loopVariable, loopValue);
    }

    boolean isValueless(String name) {
        return valueless.contains(name);
    }

    OptionalLong lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (name.equals(s.variable)) {
                return OptionalLong.of(s.value);
            }
        }
        Long v = globals.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    boolean isLoopVariable(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (name.equals(s.variable)) {
                return true;
            }
        }
        return false;
    }

    /** Every visible name, for "did you mean" hints. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (Scope s = this; s != null; s = s.parent) {
            if (s.variable != null) {
                out.add(s.variable);
            }
        }
        out.addAll(globals.keySet());
        return out;
    }
}
