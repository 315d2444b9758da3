package io.shardline.router.merge;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** JDBC's getter conversions for values a merge computed (group keys, aggregates, rows sorted in memory). */
final class Conversions {
    private Conversions() {
    }

    static boolean toBoolean(Object v) throws SQLException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return Values.decimal(n).signum() != 0;
        }
        String s = Values.text(v).trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        BigDecimal d = Values.parse(s);
        if (d == null) {
            throw cannot(v, "boolean");
        }
        return d.signum() != 0;
    }

    static long toLong(Object v) throws SQLException {
        if (v instanceof Number n) {
            return n instanceof BigDecimal || n instanceof BigInteger || n instanceof Double || n instanceof Float
                    ? Values.decimal(n).setScale(0, java.math.RoundingMode.DOWN).longValue() : n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        BigDecimal d = Values.parse(Values.text(v));
        if (d == null) {
            throw cannot(v, "number");
        }
        return d.longValue();
    }

    static double toDouble(Object v) throws SQLException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return toBigDecimal(v).doubleValue();
    }

    static BigDecimal toBigDecimal(Object v) throws SQLException {
        if (Values.isNumber(v)) {
            return Values.decimal(v);
        }
        BigDecimal d = Values.parse(Values.text(v));
        if (d == null) {
            throw cannot(v, "decimal");
        }
        return d;
    }

    static byte[] toBytes(Object v) {
        return v instanceof byte[] b ? b : Values.text(v).getBytes(StandardCharsets.UTF_8);
    }

    static Date toDate(Object v) throws SQLException {
        Object t = Values.temporal(v);
        if (t instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (t instanceof LocalDateTime dt) {
            return Date.valueOf(dt.toLocalDate());
        }
        try {
            return Date.valueOf(Values.text(v).trim());
        } catch (IllegalArgumentException e) {
            throw cannot(v, "date");
        }
    }

    static Time toTime(Object v) throws SQLException {
        Object t = Values.temporal(v);
        if (t instanceof LocalTime lt) {
            return Time.valueOf(lt);
        }
        if (t instanceof LocalDateTime dt) {
            return Time.valueOf(dt.toLocalTime());
        }
        try {
            return Time.valueOf(Values.text(v).trim());
        } catch (IllegalArgumentException e) {
            throw cannot(v, "time");
        }
    }

    static Timestamp toTimestamp(Object v) throws SQLException {
        Object t = Values.temporal(v);
        if (t instanceof LocalDateTime dt) {
            return Timestamp.valueOf(dt);
        }
        if (t instanceof LocalDate d) {
            return Timestamp.valueOf(d.atStartOfDay());
        }
        try {
            return Timestamp.valueOf(Values.text(v).trim());
        } catch (IllegalArgumentException e) {
            throw cannot(v, "timestamp");
        }
    }

    static java.net.URL toUrl(Object v) throws SQLException {
        try {
            return new java.net.URL(Values.text(v));
        } catch (java.net.MalformedURLException e) {
            throw cannot(v, "URL");
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T to(Object v, Class<T> type) throws SQLException {
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        Object out;
        if (type == String.class) {
            out = Values.text(v);
        } else if (type == Long.class) {
            out = toLong(v);
        } else if (type == Integer.class) {
            out = (int) toLong(v);
        } else if (type == Short.class) {
            out = (short) toLong(v);
        } else if (type == Byte.class) {
            out = (byte) toLong(v);
        } else if (type == Double.class) {
            out = toDouble(v);
        } else if (type == Float.class) {
            out = (float) toDouble(v);
        } else if (type == BigDecimal.class) {
            out = toBigDecimal(v);
        } else if (type == BigInteger.class) {
            out = toBigDecimal(v).toBigInteger();
        } else if (type == Boolean.class) {
            out = toBoolean(v);
        } else if (type == byte[].class) {
            out = toBytes(v);
        } else if (type == Date.class) {
            out = toDate(v);
        } else if (type == Time.class) {
            out = toTime(v);
        } else if (type == Timestamp.class) {
            out = toTimestamp(v);
        } else if (type == LocalDate.class) {
            out = toDate(v).toLocalDate();
        } else if (type == LocalTime.class) {
            out = toTime(v).toLocalTime();
        } else if (type == LocalDateTime.class) {
            out = toTimestamp(v).toLocalDateTime();
        } else {
            throw cannot(v, type.getSimpleName());
        }
        return (T) out;
    }

    static <T> T unsupported(String what) throws SQLException {
        throw new SQLFeatureNotSupportedException(what + " on a merged multi-shard result (100403)", "0A000",
                ErrorCode.NOT_ALLOWED.code());
    }

    private static SQLException cannot(Object v, String what) {
        return ShardlineException.invalid("cannot read " + v.getClass().getSimpleName() + " '" + Values.text(v)
                + "' as a " + what);
    }
}
