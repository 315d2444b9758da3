package io.shardline.router.route;

import java.math.BigDecimal;

/**
 * Strings as the server reads them as numbers: optional whitespace (space, tab, LF, VT, FF, CR: the server's, not
 * Java's {@code trim}), an optional sign, digits with an optional point, an optional exponent, optional whitespace.
 * The server converts any string, reading a numeric prefix and ignoring the rest ({@code '12abc'} is 12,
 * {@code 'abc'} is 0); Shardline accepts only strings that are a number as a whole.
 */
public final class MySqlNumbers {
    /** 2^53: doubles hold every integer below it exactly, and not all above it. */
    public static final long DOUBLE_EXACT = 1L << 53;

    private MySqlNumbers() {
    }

    /** The number the whole string spells, or null when it is not one. */
    public static BigDecimal parse(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        int i = start;
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0 || exponentDigits > 4) {
                return null;
            }
        }
        if (i != end) {
            return null;
        }
        return new BigDecimal(s.substring(start, end).replace("+", ""));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
