package io.nicplan.flexnic.program;

import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.Locale;
import java.util.Optional;

/** Field values as text in each field's own format (dotted IPv4, colon MAC, hex, decimal, symbols). */
public final class FieldValues {

    private FieldValues() {
    }

    /** Formats a value the way {@link #parse} reads it back. */
    public static String format(HeaderField field, long value) {
        if (value < 0 || value > field.maxValue()) {
            return "0x" + Long.toHexString(value); // out of range: show the bits, not a wrapped address
        }
        return switch (field.format()) {
            case IPV4 -> new Ipv4Address((int) value).toString();
            case MAC -> new MacAddress(value & 0xffffffffffffL).toString();
            case HEX -> "0x" + Long.toHexString(value);
            case DECIMAL, FLAG -> Long.toString(value);
        };
    }

    /**
     * Reads a value of the field: dotted IPv4 for addresses, colon MAC, {@code 0x} hex or decimal
     * numbers, or one of the field's symbols ({@code tcp}, {@code ipv4}, ...).
     *
     * @return the value, or empty with no exception if the text is not a value of this field
     */
    public static Optional<Long> parse(HeaderField field, String text) {
        Optional<Long> symbol = field.symbol(text);
        if (symbol.isPresent()) {
            return symbol;
        }
        try {
            long v;
            if (field.format() == HeaderField.Format.IPV4 && text.indexOf('.') >= 0) {
                v = Ipv4Address.parse(text).value();
            } else if (field.format() == HeaderField.Format.MAC && (text.indexOf(':') >= 0 || text.indexOf('-') >= 0)) {
                v = MacAddress.parse(text).value();
            } else if (text.toLowerCase(Locale.ROOT).startsWith("0x")) {
                v = Long.parseUnsignedLong(text.substring(2), 16);
            } else {
                v = Long.parseLong(text);
            }
            return v < 0 || v > field.maxValue() ? Optional.empty() : Optional.of(v);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
