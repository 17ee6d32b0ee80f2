package io.nicplan.unicorn.build;

import java.util.OptionalLong;

/** Dotted-quad IPv4 addresses as 32-bit unsigned values. */
final class Ipv4 {

    private Ipv4() {
    }

    /** The address, or empty when a part exceeds 255 (the lexer guarantees four digit groups). */
    static OptionalLong parse(String text) {
        long value = 0;
        for (String part : text.split("\\.")) {
            OptionalLong octet = part.length() > 3 ? OptionalLong.empty() : Literals.decimal(part);
            if (octet.isEmpty() || octet.getAsLong() > 255) {
                return OptionalLong.empty();
            }
            value = value << 8 | octet.getAsLong();
        }
        return OptionalLong.of(value);
    }

    static String format(long value) {
        return (value >>> 24 & 0xFF) + "." + (value >>> 16 & 0xFF) + "." + (value >>> 8 & 0xFF) + "." + (value & 0xFF);
    }
}
