package io.nicplan.flexnic.program;

import io.nicplan.graph.predicate.HeaderField;
import java.util.Objects;

/**
 * How an entry matches one key field. A ternary or LPM key field an entry leaves out is a
 * wildcard (P4Runtime: "don't care" is expressed by omitting the field).
 */
public sealed interface FieldMatch permits FieldMatch.Exact, FieldMatch.Ternary, FieldMatch.Lpm {

    HeaderField field();

    /** {@code field == value}. */
    record Exact(HeaderField field, long value) implements FieldMatch {
        public Exact {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field.fieldName() + "=" + FieldValues.format(field, value);
        }
    }

    /** {@code field & mask == value}. */
    record Ternary(HeaderField field, long value, long mask) implements FieldMatch {
        public Ternary {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field.fieldName() + "=" + FieldValues.format(field, value) + "&&&" + FieldValues.format(field, mask);
        }
    }

    /** The top {@code prefixLength} bits of the field equal those of {@code value}. */
    record Lpm(HeaderField field, long value, int prefixLength) implements FieldMatch {
        public Lpm {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field.fieldName() + "=" + FieldValues.format(field, value) + "/" + prefixLength;
        }
    }

    static Exact exact(HeaderField field, long value) {
        return new Exact(field, value);
    }

    static Ternary ternary(HeaderField field, long value, long mask) {
        return new Ternary(field, value, mask);
    }

    static Lpm lpm(HeaderField field, long value, int prefixLength) {
        return new Lpm(field, value, prefixLength);
    }
}
