package io.nicplan.graph.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link ConfigValue} against a {@link ConfigType}, collecting every mismatch with the
 * path of the bad value ({@code filters[3].dport}).
 */
public final class ConfigTypeChecker {

    /** One mismatch: where in the value, and what is wrong. */
    public record TypeError(String path, String message) {
        @Override public String toString() {
            return (path.isEmpty() ? "value" : path) + ": " + message;
        }
    }

    private ConfigTypeChecker() {
    }

    /** All mismatches between {@code value} and {@code type}; empty when the value fits. */
    public static List<TypeError> check(ConfigType type, ConfigValue value) {
        List<TypeError> errors = new ArrayList<>();
        check(type, value, new Path(), errors);
        return errors;
    }

    /**
     * Where the checker is in the value, appended to on the way down and cut back on the way up:
     * a path is a string only when an error names it (a list of a thousand filters is checked
     * without building a thousand paths).
     */
    private static final class Path {
        private final StringBuilder text = new StringBuilder();

        /** Appends {@code [index]} and returns the length to cut back to. */
        int enterIndex(int index) {
            int before = text.length();
            text.append('[').append(index).append(']');
            return before;
        }

        /** Appends {@code .name} ({@code name} at the top) and returns the length to cut back to. */
        int enterField(String name) {
            int before = text.length();
            if (before > 0) {
                text.append('.');
            }
            text.append(name);
            return before;
        }

        void leave(int length) {
            text.setLength(length);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static void check(ConfigType type, ConfigValue value, Path at, List<TypeError> errors) {
        if (type instanceof ConfigType.BoolType) {
            if (!(value instanceof ConfigValue.BoolValue)) {
                errors.add(new TypeError(at.toString(), "expected Bool, got " + describe(value)));
            }
        } else if (type instanceof ConfigType.IntType t) {
            if (value instanceof ConfigValue.IntValue i) {
                if (i.value() < t.lo() || i.value() > t.hi()) {
                    errors.add(new TypeError(at.toString(), i.value() + " is outside " + t.lo() + ".." + t.hi()));
                }
            } else {
                errors.add(new TypeError(at.toString(), "expected " + t + ", got " + describe(value)));
            }
        } else if (type instanceof ConfigType.UIntType t) {
            if (value instanceof ConfigValue.IntValue i) {
                if (i.value() < 0 || i.value() > t.max()) {
                    errors.add(new TypeError(at.toString(), i.value() + " does not fit " + t.bits() + " unsigned bits (0.." + t.max() + ")"));
                }
            } else {
                errors.add(new TypeError(at.toString(), "expected " + t + ", got " + describe(value)));
            }
        } else if (type instanceof ConfigType.EnumType t) {
            if (value instanceof ConfigValue.SymbolValue s) {
                if (!t.symbols().contains(s.symbol())) {
                    errors.add(new TypeError(at.toString(), "'" + s.symbol() + "' is not one of " + t.symbols()));
                }
            } else {
                errors.add(new TypeError(at.toString(), "expected one of " + t.symbols() + ", got " + describe(value)));
            }
        } else if (type instanceof ConfigType.OptionalType t) {
            if (!(value instanceof ConfigValue.NoneValue)) {
                check(t.element(), value, at, errors);
            }
        } else if (type instanceof ConfigType.ListType t) {
            checkList(t, value, at, errors);
        } else if (type instanceof ConfigType.TupleType t) {
            checkTuple(t, value, at, errors);
        }
    }

    private static void checkList(ConfigType.ListType t, ConfigValue value, Path at, List<TypeError> errors) {
        if (!(value instanceof ConfigValue.ListValue l)) {
            errors.add(new TypeError(at.toString(), "expected a list, got " + describe(value)));
            return;
        }
        int n = l.elements().size();
        if (n < t.min() || n > t.max()) {
            errors.add(new TypeError(at.toString(), "list has " + n + " elements; allowed " + t.min() + ".." + t.max()));
        }
        for (int i = 0; i < n; i++) {
            int back = at.enterIndex(i);
            check(t.element(), l.elements().get(i), at, errors);
            at.leave(back);
        }
    }

    private static void checkTuple(ConfigType.TupleType t, ConfigValue value, Path at, List<TypeError> errors) {
        if (!(value instanceof ConfigValue.TupleValue tv)) {
            errors.add(new TypeError(at.toString(), "expected a tuple " + t + ", got " + describe(value)));
            return;
        }
        for (ConfigType.Field f : t.fields()) {
            ConfigValue fv = tv.fields().get(f.name());
            int back = at.enterField(f.name());
            if (fv == null) {
                if (!(f.type() instanceof ConfigType.OptionalType)) {
                    errors.add(new TypeError(at.toString(), "missing field of type " + f.type()));
                }
            } else {
                check(f.type(), fv, at, errors);
            }
            at.leave(back);
        }
        for (String name : tv.fields().keySet()) {
            if (t.field(name).isEmpty()) {
                int back = at.enterField(name);
                errors.add(new TypeError(at.toString(), "unknown field; expected one of "
                        + t.fields().stream().map(ConfigType.Field::name).toList()));
                at.leave(back);
            }
        }
    }

    private static String describe(ConfigValue v) {
        if (v instanceof ConfigValue.BoolValue) {
            return "Bool " + v;
        } else if (v instanceof ConfigValue.IntValue) {
            return "integer " + v;
        } else if (v instanceof ConfigValue.SymbolValue) {
            return "symbol " + v;
        } else if (v instanceof ConfigValue.ListValue) {
            return "a list";
        } else if (v instanceof ConfigValue.TupleValue) {
            return "a tuple";
        }
        return "none";
    }
}
