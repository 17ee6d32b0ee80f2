package io.nicplan.flexnic.program;

import io.nicplan.graph.predicate.HeaderField;
import java.util.Objects;

/** One field of a table's key and how it matches, e.g. {@code ip.dst:lpm}. */
public record KeyField(HeaderField field, MatchKind kind) {

    public KeyField {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
    }

    public static KeyField exact(HeaderField field) {
        return new KeyField(field, MatchKind.EXACT);
    }

    public static KeyField ternary(HeaderField field) {
        return new KeyField(field, MatchKind.TERNARY);
    }

    public static KeyField lpm(HeaderField field) {
        return new KeyField(field, MatchKind.LPM);
    }

    @Override
    public String toString() {
        return field.fieldName() + ":" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
