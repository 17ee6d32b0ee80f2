package io.nicplan.graph.predicate;

import java.util.Arrays;
import java.util.Map;

/**
 * Concrete values of every {@link HeaderField} for one packet (or one flow): the input of
 * {@link CompiledPredicate#test(PacketFields)} and {@link PredicateLogic#test(Predicate, PacketFields)}.
 *
 * <p>Immutable; values are kept in a {@code long[]} indexed by {@link HeaderField#ordinal()}, and a
 * field nobody set is 0. Every value fits its field's width (checked when set).
 */
public final class PacketFields {
    private static final HeaderField[] FIELDS = HeaderField.values();
    private static final PacketFields ZERO = new PacketFields(new long[FIELDS.length]);

    private final long[] values;

    private PacketFields(long[] values) {
        this.values = values;
    }

    /** A packet whose fields are all 0. */
    public static PacketFields zero() {
        return ZERO;
    }

    public static Builder builder() {
        return new Builder(new long[FIELDS.length]);
    }

    /** A packet with the given values; other fields are 0. */
    public static PacketFields of(Map<HeaderField, Long> values) {
        Builder b = builder();
        values.forEach(b::set);
        return b.build();
    }

    /** Values by ordinal, already checked against the field widths (internal to this package). */
    static PacketFields wrap(long[] values) {
        return new PacketFields(values);
    }

    public long get(HeaderField field) {
        return values[field.ordinal()];
    }

    /** The value at {@code ordinal}; for loops over {@link HeaderField#values()}. */
    long at(int ordinal) {
        return values[ordinal];
    }

    /** The backing array; callers in this package must not modify it. */
    long[] raw() {
        return values;
    }

    /** A copy with one field changed. */
    public PacketFields with(HeaderField field, long value) {
        return toBuilder().set(field, value).build();
    }

    public Builder toBuilder() {
        return new Builder(values.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketFields p && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** The non-zero fields in text syntax, e.g. {@code ip.proto=udp l4.dport=53}; {@code {}} when all are 0. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (HeaderField f : FIELDS) {
            long v = values[f.ordinal()];
            if (v != 0) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(f.fieldName()).append('=').append(FieldValues.format(f, v));
            }
        }
        return sb.length() == 0 ? "{}" : sb.toString();
    }

    /** Sets field values one by one; reusable after {@link #build()}. */
    public static final class Builder {
        private final long[] values;

        private Builder(long[] values) {
            this.values = values;
        }

        /**
         * Sets one field.
         *
         * @throws IllegalArgumentException if the value is negative or wider than the field
         */
        public Builder set(HeaderField field, long value) {
            if (value < 0 || value > field.maxValue()) {
                throw new IllegalArgumentException("value " + value + " does not fit " + field.fieldName()
                        + " (" + field.width() + " bits, 0.." + field.maxValue() + ")");
            }
            values[field.ordinal()] = value;
            return this;
        }

        public PacketFields build() {
            return new PacketFields(values.clone());
        }
    }
}
