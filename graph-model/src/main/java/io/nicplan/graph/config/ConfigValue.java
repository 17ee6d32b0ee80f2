package io.nicplan.graph.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A value for a {@link ConfigType}; checked against its type by {@link ConfigTypeChecker}. */
public sealed interface ConfigValue
        permits ConfigValue.BoolValue, ConfigValue.IntValue, ConfigValue.SymbolValue, ConfigValue.NoneValue,
                ConfigValue.ListValue, ConfigValue.TupleValue {

    record BoolValue(boolean value) implements ConfigValue {
        @Override public String toString() { return Boolean.toString(value); }
    }

    record IntValue(long value) implements ConfigValue {
        @Override public String toString() { return Long.toString(value); }
    }

    /** An enum symbol. */
    record SymbolValue(String symbol) implements ConfigValue {
        public SymbolValue {
            Objects.requireNonNull(symbol, "symbol");
        }
        @Override public String toString() { return symbol; }
    }

    /** The absent value of an optional type. */
    record NoneValue() implements ConfigValue {
        @Override public String toString() { return "none"; }
    }

    record ListValue(List<ConfigValue> elements) implements ConfigValue {
        public ListValue {
            elements = List.copyOf(elements);
        }
        @Override public String toString() { return elements.toString(); }
    }

    /** Field values by name, in the tuple type's order. */
    record TupleValue(Map<String, ConfigValue> fields) implements ConfigValue {
        public TupleValue {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public Optional<ConfigValue> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }

        /** The integer in field {@code name}; the value must have been type-checked. */
        public long intField(String name) {
            ConfigValue v = fields.get(name);
            if (v instanceof IntValue i) {
                return i.value();
            }
            throw new IllegalStateException("field '" + name + "' is not an integer: " + v);
        }

        @Override public String toString() { return fields.toString(); }
    }

    ConfigValue NONE = new NoneValue();

    static ConfigValue of(boolean b) {
        return new BoolValue(b);
    }

    static ConfigValue of(long v) {
        return new IntValue(v);
    }
}
