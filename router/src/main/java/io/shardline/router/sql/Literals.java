package io.shardline.router.sql;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The value the server gives a literal token, by the token's kind and text (the server's lexer decided both):
 * {@code 5} is an integer (Long, or BigInteger past 63 bits), {@code 5.0} and {@code .5} are exact decimals
 * (BigDecimal), {@code 5e0} is approximate (Double), strings are unescaped with backslash escapes on.
 * Hexadecimal and bit literals, words and symbols are {@link StatementExtractor#NOT_A_LITERAL}.
 */
final class Literals {
    /** The server's DECIMAL holds at most 65 digits; a longer decimal literal is not read exactly. */
    private static final int MAX_DECIMAL_DIGITS = 65;

    private Literals() {
    }

    static Object value(String sql, Token t) {
        String text = t.text(sql);
        return switch (t.kind()) {
            case NUMBER -> number(text);
            case STRING -> MySqlText.unescape(text.substring(1, text.length() - 1), '\'');
            case NATIONAL_STRING -> MySqlText.unescape(text.substring(2, text.length() - 1), '\'');
            case DOUBLE_QUOTED -> MySqlText.unescape(text.substring(1, text.length() - 1), '"');
            default -> StatementExtractor.NOT_A_LITERAL;
        };
    }

    static Object number(String text) {
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return Double.parseDouble(text);
        }
        if (text.indexOf('.') >= 0) {
            BigDecimal d = new BigDecimal(text);
            return d.precision() > MAX_DECIMAL_DIGITS ? StatementExtractor.NOT_A_LITERAL : d;
        }
        BigInteger big = new BigInteger(text);
        return big.bitLength() <= 63 ? (Object) big.longValue() : big;
    }

    static Object negate(Number n) {
        if (n instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        }
        if (n instanceof BigInteger b) {
            BigInteger neg = b.negate();
            return neg.bitLength() <= 63 ? (Object) neg.longValue() : neg;
        }
        if (n instanceof BigDecimal d) {
            return d.negate();
        }
        return -n.doubleValue();
    }
}
