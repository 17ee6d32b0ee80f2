package io.nicplan.unicorn.build;

import java.util.OptionalLong;

/** Number literals as written in Unicorn: decimal and 0x hex, into 64-bit signed values. */
final class Literals {

    private Literals() {
    }

    static OptionalLong decimal(String text) {
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + digit;
        }
        return OptionalLong.of(value);
    }

    static OptionalLong hex(String text) {
        String digits = text.substring(2);
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        digits = digits.substring(start);
        if (digits.length() > 16 || digits.length() == 16 && Character.digit(digits.charAt(0), 16) > 7) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseUnsignedLong(digits, 16));
    }
}
