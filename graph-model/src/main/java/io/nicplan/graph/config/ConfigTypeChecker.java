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
        check(type, value, "", errors);
        return errors;
    }

    private static void check(ConfigType type, ConfigValue value, String path, List<TypeError> errors) {
        if (type instanceof ConfigType.BoolType) {
            if (!(value instanceof ConfigValue.BoolValue)) {
                errors.add(new TypeError(path, "expected Bool, got " + describe(value)));
            }
        } else if (type instanceof ConfigType.IntType t) {
            if (value instanceof ConfigValue.IntValue i) {
                if (i.value() < t.lo() || i.value() > t.hi()) {
                    errors.add(new TypeError(path, i.value() + " is outside " + t.lo() + ".." + t.hi()));
                }
            } else {
                errors.add(new TypeError(path, "expected " + t + ", got " + describe(value)));
            }
        } else if (type instanceof ConfigType.UIntType t) {
            if (value instanceof ConfigValue.IntValue i) {
                if (i.value() < 0 || i.value() > t.max()) {
                    errors.add(new TypeError(path, i.value() + " does not fit " + t.bits() + " unsigned bits (0.." + t.max() + ")"));
                }
            } else {
                errors.add(new TypeError(path, "expected " + t + ", got " + describe(value)));
            }
        } else if (type instanceof ConfigType.EnumType t) {
            if (value instanceof ConfigValue.SymbolValue s) {
                if (!t.symbols().contains(s.symbol())) {
                    errors.add(new TypeError(path, "'" + s.symbol() + "' is not one of " + t.symbols()));
                }
            } else {
                errors.add(new TypeError(path, "expected one of " + t.symbols() + ", got " + describe(value)));
            }
        } else if (type instanceof ConfigType.OptionalType t) {
            if (!(value instanceof ConfigValue.NoneValue)) {
                check(t.element(), value, path, errors);
            }
        } else if (type instanceof ConfigType.ListType t) {
            checkList(t, value, path, errors);
        } else if (type instanceof ConfigType.TupleType t) {
            checkTuple(t, value, path, errors);
        }
    }

    private static void checkList(ConfigType.ListType t, ConfigValue value, String path, List<TypeError> errors) {
        if (!(value instanceof ConfigValue.ListValue l)) {
            errors.add(new TypeError(path, "expected a list, got " + describe(value)));
            return;
        }
        int n = l.elements().size();
        if (n < t.min() || n > t.max()) {
            errors.add(new TypeError(path, "list has " + n + " elements; allowed " + t.min() + ".." + t.max()));
        }
        for (int i = 0; i < n; i++) {
            check(t.element(), l.elements().get(i), path + "[" + i + "]", errors);
        }
    }

    private static void checkTuple(ConfigType.TupleType t, ConfigValue value, String path, List<TypeError> errors) {
        if (!(value instanceof ConfigValue.TupleValue tv)) {
            errors.add(new TypeError(path, "expected a tuple " + t + ", got " + describe(value)));
            return;
        }
        for (ConfigType.Field f : t.fields()) {
            String fieldPath = path.isEmpty() ? f.name() : path + "." + f.name();
            ConfigValue fv = tv.fields().get(f.name());
            if (fv == null) {
                if (!(f.type() instanceof ConfigType.OptionalType)) {
                    errors.add(new TypeError(fieldPath, "missing field of type " + f.type()));
                }
            } else {
                check(f.type(), fv, fieldPath, errors);
            }
        }
        for (String name : tv.fields().keySet()) {
            if (t.field(name).isEmpty()) {
                errors.add(new TypeError(path.isEmpty() ? name : path + "." + name, "unknown field; expected one of "
                        + t.fields().stream().map(ConfigType.Field::name).toList()));
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
