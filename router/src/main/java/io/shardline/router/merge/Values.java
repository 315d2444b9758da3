package io.shardline.router.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Time;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * How merges compare and group the values JDBC drivers return, agreeing with the servers that ordered and grouped
 * each shard: numbers by value whatever their Java type, strings by the collation, temporal values by time, bytes
 * unsigned. NULL is handled by the callers (it sorts as the smallest value in MySQL and forms one group). Stateless.
 */
public final class Values {
    /** utf8mb4_general_ci weights of the first code points: upper case, accents of Latin letters folded. */
    private static final char[] FOLD = new char[0x250];

    static {
        for (char c = 0; c < FOLD.length; c++) {
            String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            FOLD[c] = Character.toUpperCase(base.charAt(0));
        }
        FOLD[0xDF] = 'S'; // general_ci: sharp s weighs as S
    }

    private Values() {
    }

    /** Compares two non-null values. */
    public static int compare(Object a, Object b, Collation collation) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y); // the common key (BIGINT ids) first: merges compare it for every row
        }
        if (a instanceof String x && b instanceof String y) {
            return compareStrings(x, y, collation);
        }
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        Object ta = temporal(a);
        Object tb = temporal(b);
        if (ta != null && tb != null && ta.getClass() == tb.getClass()) {
            @SuppressWarnings("unchecked")
            Comparable<Object> c = (Comparable<Object>) ta;
            return c.compareTo(tb);
        }
        if (isNumber(a) && b instanceof String s) {
            BigDecimal d = parse(s);
            return d == null ? compareStrings(text(a), s, collation) : compareNumbers(a, d);
        }
        if (a instanceof String s && isNumber(b)) {
            return -compare(b, s, collation);
        }
        return compareStrings(text(a), text(b), collation);
    }

    /** Compares with NULL: equal to NULL, smaller than anything else (MySQL's order). */
    public static int compareNullable(Object a, Object b, Collation collation) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(a, b, collation);
    }

    /**
     * A value equal (by {@code equals}) for every value the collation deems equal: grouping and DISTINCT keys.
     * NULL is its own key (SQL groups NULLs together).
     */
    public static Object key(Object v, Collation collation) {
        if (v == null) {
            return NullKey.NULL;
        }
        if (v instanceof String s) {
            return collation == Collation.MYSQL_CI ? fold(s) : s;
        }
        if (isNumber(v)) {
            BigDecimal d = decimal(v);
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (v instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes.clone());
        }
        Object t = temporal(v);
        return t != null ? t : v;
    }

    private enum NullKey { NULL }

    static int compareStrings(String a, String b, Collation collation) {
        if (collation == Collation.BINARY) {
            return a.compareTo(b);
        }
        int la = padEnd(a);
        int lb = padEnd(b);
        int n = Math.min(la, lb);
        for (int i = 0; i < n; i++) {
            char x = foldChar(a.charAt(i));
            char y = foldChar(b.charAt(i));
            if (x != y) {
                return x - y;
            }
        }
        return la - lb;
    }

    /** PAD SPACE: trailing spaces do not count. */
    private static int padEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }

    private static char foldChar(char c) {
        return c < FOLD.length ? FOLD[c] : Character.toUpperCase(c);
    }

    static String fold(String s) {
        int end = padEnd(s);
        char[] out = new char[end];
        for (int i = 0; i < end; i++) {
            out[i] = foldChar(s.charAt(i));
        }
        return new String(out);
    }

    public static boolean isNumber(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    private static boolean approximate(Object v) {
        return v instanceof Double || v instanceof Float;
    }

    static int compareNumbers(Object a, Object b) {
        if (approximate(a) || approximate(b)) {
            return Double.compare(decimalOrDouble(a), decimalOrDouble(b));
        }
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(((Number) number(a)).longValue(), ((Number) number(b)).longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Boolean;
    }

    private static Object number(Object v) {
        return v instanceof Boolean bool ? (bool ? 1L : 0L) : v;
    }

    private static double decimalOrDouble(Object v) {
        return ((Number) number(v)).doubleValue();
    }

    /** A number as an exact decimal (doubles by their shortest decimal form). */
    public static BigDecimal decimal(Object v) {
        Object n = number(v);
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(((Number) n).doubleValue());
        }
        return BigDecimal.valueOf(((Number) n).longValue());
    }

    static BigDecimal parse(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A temporal value in one comparable form per kind (date-time, date, time), or null when not temporal. */
    static Object temporal(Object v) {
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof Time t) {
            return t.toLocalTime();
        }
        if (v instanceof LocalDateTime || v instanceof LocalDate || v instanceof LocalTime) {
            return v;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.time.Instant) {
            return v;
        }
        return null;
    }

    /** How MySQL prints a value: decimals plainly, date-times with a space, no trailing ".0". */
    public static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        Object t = temporal(v);
        if (t instanceof LocalDateTime dt) {
            String s = dt.toLocalDate() + " " + time(dt.toLocalTime());
            return s;
        }
        if (t instanceof LocalTime lt) {
            return time(lt);
        }
        return v.toString();
    }

    private static String time(LocalTime t) {
        String s = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano());
            int end = nanos.length();
            while (end > 1 && nanos.charAt(end - 1) == '0') {
                end--;
            }
            s += "." + nanos.substring(0, end);
        }
        return s;
    }
}
