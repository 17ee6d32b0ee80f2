package io.nicplan.graph.config;

import java.util.List;
import java.util.Objects;

/**
 * The type of a C-node's value, after Unicorn's small type algebra: {@code Bool},
 * {@code Int lo hi}, {@code UInt bits}, {@code Enum(a, b)}, optional {@code <T>},
 * lists {@code [T]<min,max>} and tuples {@code (name: T, ...)}.
 */
public sealed interface ConfigType
        permits ConfigType.BoolType, ConfigType.IntType, ConfigType.UIntType, ConfigType.EnumType,
                ConfigType.OptionalType, ConfigType.ListType, ConfigType.TupleType {

    record BoolType() implements ConfigType {
        @Override public String toString() { return "Bool"; }
    }

    /** Integers in {@code lo..hi}, inclusive. */
    record IntType(long lo, long hi) implements ConfigType {
        public IntType {
            if (lo > hi) {
                throw new IllegalArgumentException("Int range " + lo + ".." + hi + " is empty");
            }
        }
        @Override public String toString() { return "Int " + lo + " " + hi; }
    }

    /** Unsigned integers of {@code bits} bits (1..63). */
    record UIntType(int bits) implements ConfigType {
        public UIntType {
            if (bits < 1 || bits > 63) {
                throw new IllegalArgumentException("UInt width " + bits + " not in 1..63");
            }
        }
        public long max() {
            return (1L << bits) - 1;
        }
        @Override public String toString() { return "UInt " + bits; }
    }

    /** One of a fixed set of symbols. */
    record EnumType(List<String> symbols) implements ConfigType {
        public EnumType {
            symbols = List.copyOf(symbols);
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("Enum needs at least one symbol");
            }
            if (new java.util.HashSet<>(symbols).size() != symbols.size()) {
                throw new IllegalArgumentException("Enum symbols repeat: " + symbols);
            }
        }
        @Override public String toString() { return "Enum(" + String.join(", ", symbols) + ")"; }
    }

    /** A value of {@code element} or nothing. */
    record OptionalType(ConfigType element) implements ConfigType {
        public OptionalType {
            Objects.requireNonNull(element, "element");
        }
        @Override public String toString() { return "<" + element + ">"; }
    }

    /** A list of {@code min..max} values of {@code element}. */
    record ListType(ConfigType element, int min, int max) implements ConfigType {
        public ListType {
            Objects.requireNonNull(element, "element");
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("list bounds <" + min + "," + max + "> are not 0 <= min <= max");
            }
        }
        @Override public String toString() { return "[" + element + "]<" + min + "," + max + ">"; }
    }

    /** A record of named fields, in order. */
    record TupleType(List<Field> fields) implements ConfigType {
        public TupleType {
            fields = List.copyOf(fields);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Field f : fields) {
                if (!seen.add(f.name())) {
                    throw new IllegalArgumentException("tuple field '" + f.name() + "' declared twice");
                }
            }
        }

        public java.util.Optional<Field> field(String name) {
            for (Field f : fields) { // a loop: the type checker asks this for every field of every entry
                if (f.name().equals(name)) {
                    return java.util.Optional.of(f);
                }
            }
            return java.util.Optional.empty();
        }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(fields.get(i).name()).append(": ").append(fields.get(i).type());
            }
            return sb.append(')').toString();
        }
    }

    /** A named field of a tuple. */
    record Field(String name, ConfigType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    ConfigType BOOL = new BoolType();
}
