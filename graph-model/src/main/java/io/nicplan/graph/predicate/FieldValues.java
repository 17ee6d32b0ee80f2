package io.nicplan.graph.predicate;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The text syntax of header field values: parsing what a user writes and printing values back.
 *
 * <p>Accepted forms: decimal ({@code 53}), hexadecimal ({@code 0x0800}), dotted IPv4
 * ({@code 10.0.0.1}, fields in {@link HeaderField.Format#IPV4}), MAC ({@code 00:1b:21:0a:0b:0c},
 * fields in {@link HeaderField.Format#MAC}) and the field's symbols ({@code tcp} for {@code ip.proto}),
 * case-insensitively. Every value must fit the field's width.
 */
public final class FieldValues {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern IPV4 = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** For each field, value -> the alphabetically first symbol naming it (symbol maps have no order). */
    private static final Map<HeaderField, Map<Long, String>> SYMBOL_OF = new EnumMap<>(HeaderField.class);

    static {
        for (HeaderField f : HeaderField.values()) {
            Map<Long, String> names = new HashMap<>();
            new TreeMap<>(f.symbols()).forEach((name, value) -> names.putIfAbsent(value, name));
            SYMBOL_OF.put(f, names);
        }
    }

    private FieldValues() {
    }

    /** The outcome of parsing one value: the value, or a message saying what is wrong. */
    public record Parsed(OptionalLong value, Optional<String> error) {
        public Parsed {
            if (value.isPresent() == error.isPresent()) {
                throw new IllegalArgumentException("exactly one of value and error must be present");
            }
        }

        static Parsed ok(long v) {
            return new Parsed(OptionalLong.of(v), Optional.empty());
        }

        static Parsed fail(String message) {
            return new Parsed(OptionalLong.empty(), Optional.of(message));
        }

        public boolean isOk() {
            return value.isPresent();
        }

        /** The value; only call when {@link #isOk()}. */
        public long get() {
            return value.orElseThrow(() -> new IllegalStateException(error.orElse("no value")));
        }
    }

    /** Parses {@code text} as a value of {@code field}. */
    public static Parsed parse(HeaderField field, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return Parsed.fail("empty value for " + field.fieldName());
        }
        if (HEX.matcher(t).matches()) {
            String digits = t.substring(2).replaceFirst("^0+(?=.)", "");
            if (digits.length() > 12) {
                return tooWide(field, t);
            }
            return checkWidth(field, t, Long.parseLong(digits, 16));
        }
        if (DECIMAL.matcher(t).matches()) {
            String digits = t.replaceFirst("^0+(?=.)", "");
            if (digits.length() > 15) {
                return tooWide(field, t);
            }
            return checkWidth(field, t, Long.parseLong(digits));
        }
        if (IPV4.matcher(t).matches()) {
            if (field.format() != HeaderField.Format.IPV4) {
                return Parsed.fail("'" + t + "' is an IPv4 address, but " + describe(field));
            }
            long v = 0;
            for (String octet : t.split("\\.")) {
                String digits = octet.replaceFirst("^0+(?=.)", "");
                if (digits.length() > 3 || Integer.parseInt(digits) > 255) {
                    return Parsed.fail("IPv4 address '" + t + "' has octet " + octet + " above 255");
                }
                v = (v << 8) | Integer.parseInt(digits);
            }
            return Parsed.ok(v);
        }
        if (MAC.matcher(t).matches()) {
            if (field.format() != HeaderField.Format.MAC) {
                return Parsed.fail("'" + t + "' is a MAC address, but " + describe(field));
            }
            long v = 0;
            for (String octet : t.split(":")) {
                v = (v << 8) | Integer.parseInt(octet, 16);
            }
            return Parsed.ok(v);
        }
        if (SYMBOL.matcher(t).matches()) {
            Optional<Long> v = field.symbol(t);
            if (v.isPresent()) {
                return Parsed.ok(v.get());
            }
            if (field.symbols().isEmpty()) {
                return Parsed.fail("unknown value '" + t + "': " + field.fieldName() + " has no symbolic values");
            }
            return Parsed.fail("unknown symbol '" + t + "' for " + field.fieldName() + "; known: "
                    + String.join(", ", new TreeMap<>(field.symbols()).keySet()));
        }
        return Parsed.fail("'" + t + "' is not a value of " + field.fieldName()
                + " (decimal, 0x hex" + formatHint(field) + ")");
    }

    /**
     * The text of a value: the field's symbol when one names it, otherwise {@link #formatNumber}.
     *
     * @throws IllegalArgumentException if the value does not fit the field
     */
    public static String format(HeaderField field, long value) {
        checkFits(field, value);
        String symbol = SYMBOL_OF.get(field).get(value);
        return symbol != null ? symbol : formatNumber(field, value);
    }

    /**
     * The text of a value without symbols: dotted IPv4, colon-separated MAC, {@code 0x} hex padded to
     * the field's width, or decimal, per {@link HeaderField#format()}.
     */
    public static String formatNumber(HeaderField field, long value) {
        checkFits(field, value);
        switch (field.format()) {
            case IPV4:
                return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
            case MAC: {
                StringBuilder sb = new StringBuilder(17);
                for (int shift = 40; shift >= 0; shift -= 8) {
                    if (shift < 40) {
                        sb.append(':');
                    }
                    sb.append(String.format(Locale.ROOT, "%02x", (value >>> shift) & 0xff));
                }
                return sb.toString();
            }
            case HEX:
                return hex(field, value);
            default:
                return Long.toString(value);
        }
    }

    /** A mask's text: dotted for IPv4 fields, colon-separated for MAC fields, padded hex otherwise. */
    public static String formatMask(HeaderField field, long mask) {
        HeaderField.Format f = field.format();
        return f == HeaderField.Format.IPV4 || f == HeaderField.Format.MAC ? formatNumber(field, mask) : hex(field, mask);
    }

    private static String hex(HeaderField field, long value) {
        checkFits(field, value);
        int digits = (field.width() + 3) / 4;
        return "0x" + String.format(Locale.ROOT, "%0" + digits + "x", value);
    }

    private static void checkFits(HeaderField field, long value) {
        if (value < 0 || value > field.maxValue()) {
            throw new IllegalArgumentException("value " + value + " does not fit " + field.fieldName()
                    + " (" + field.width() + " bits, 0.." + field.maxValue() + ")");
        }
    }

    private static Parsed checkWidth(HeaderField field, String text, long v) {
        return v > field.maxValue() ? tooWide(field, text) : Parsed.ok(v);
    }

    private static Parsed tooWide(HeaderField field, String text) {
        return Parsed.fail("value " + text + " does not fit " + field.fieldName() + " (" + field.width()
                + " bits, at most " + formatNumber(field, field.maxValue()) + ")");
    }

    private static String describe(HeaderField field) {
        return field.fieldName() + " is a " + field.width() + "-bit " + switch (field.format()) {
            case IPV4 -> "IPv4 address";
            case MAC -> "MAC address";
            case FLAG -> "flag (0 or 1)";
            default -> "number";
        };
    }

    private static String formatHint(HeaderField field) {
        StringBuilder sb = new StringBuilder();
        if (field.format() == HeaderField.Format.IPV4) {
            sb.append(", a.b.c.d");
        } else if (field.format() == HeaderField.Format.MAC) {
            sb.append(", aa:bb:cc:dd:ee:ff");
        }
        if (!field.symbols().isEmpty()) {
            sb.append(", or one of ").append(String.join(", ", new TreeMap<>(field.symbols()).keySet()));
        }
        return sb.toString();
    }
}
