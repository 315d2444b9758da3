package io.shardline.driver;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Values read on one server and written on another (gathers, INSERT .. SELECT, writes by key) move as the server
 * assigns them back: integers and decimals exactly, binary strings and BIT as bytes, everything else (strings, dates,
 * times, JSON) as the server's own text, which it parses back as a literal of the column's type. {@code getObject}
 * and {@code getString} do not do for all: Connector/J reads TINYINT(1) as a boolean (2 comes back 1, or as the byte
 * 0x02 if read as the BIT it is named) and YEAR as a date ('2024-01-01', which a YEAR column refuses).
 */
final class ServerValues {
    enum Kind { BYTES, INTEGER, DECIMAL, TIME, TEXT }

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ServerValues() {
    }

    static Kind kind(ResultSetMetaData md, int column) throws SQLException {
        String name = md.getColumnTypeName(column);
        if ("BIT".equalsIgnoreCase(name)) {
            // Connector/J names TINYINT(1) BIT too; both read exactly as a number, which a BIT column takes back
            // as its bits; only a BIT wider than 63 bits (a long's sign) moves as bytes
            return md.getPrecision(column) <= 63 ? Kind.INTEGER : Kind.BYTES;
        }
        if ("YEAR".equalsIgnoreCase(name)) {
            return Kind.INTEGER;
        }
        return switch (md.getColumnType(column)) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Kind.BYTES;
            case Types.BIT, Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.DECIMAL, Types.NUMERIC -> Kind.DECIMAL;
            // H2 gives no raw bytes of a TIME, and its text keeps everything its TIME holds (it has no negative times)
            case Types.TIME -> md.getClass().getName().startsWith("org.h2.") ? Kind.TEXT : Kind.TIME;
            default -> Kind.TEXT;
        };
    }

    /** One value: {@code byte[]}, {@code Long} (or {@code BigDecimal} past a long: BIGINT UNSIGNED), or text. */
    static Object read(ResultSet rs, int column, Kind kind) throws SQLException {
        return switch (kind) {
            case BYTES -> rs.getBytes(column);
            case INTEGER -> {
                BigDecimal v = rs.getBigDecimal(column);
                yield v == null ? null : v.compareTo(LONG_MAX) <= 0 ? (Object) v.longValueExact() : v;
            }
            case DECIMAL -> rs.getBigDecimal(column);
            case TIME -> timeText(rs.getBytes(column));
            case TEXT -> rs.getString(column);
        };
    }

    /**
     * A TIME as the server's text. Connector/J's {@code getString} decodes a TIME as a time of day: the text protocol
     * loses the sign of '-00:00:01', and its binary decoding (cursor reads) turns '-838:59:59' into '-794:59:59' and
     * drops every sign. The raw value is read instead: the text protocol's bytes are the server's text (they start
     * with '-' or a digit), the binary protocol's are {@code negative, days (4 bytes LE), hours, minutes, seconds
     * [, microseconds (4 bytes LE)]} (they start with 0 or 1; none at all for 00:00:00).
     */
    static String timeText(byte[] raw) {
        if (raw == null) {
            return null;
        }
        if (raw.length > 0 && raw[0] != 0 && raw[0] != 1) {
            return new String(raw, java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (raw.length == 0) {
            return "00:00:00";
        }
        if (raw.length != 8 && raw.length != 12) {
            throw new IllegalStateException("a binary TIME of " + raw.length + " bytes");
        }
        long days = (raw[1] & 0xFFL) | (raw[2] & 0xFFL) << 8 | (raw[3] & 0xFFL) << 16 | (raw[4] & 0xFFL) << 24;
        long micros = raw.length == 12
                ? (raw[8] & 0xFFL) | (raw[9] & 0xFFL) << 8 | (raw[10] & 0xFFL) << 16 | (raw[11] & 0xFFL) << 24 : 0;
        String text = (raw[0] == 1 ? "-" : "") + (days * 24 + (raw[5] & 0xFF)) + ":" + two(raw[6]) + ":" + two(raw[7]);
        return micros == 0 ? text : text + "." + String.format("%06d", micros);
    }

    private static String two(byte b) {
        int v = b & 0xFF;
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    static Object read(ResultSet rs, ResultSetMetaData md, int column) throws SQLException {
        return read(rs, column, kind(md, column));
    }

    static void bind(PreparedStatement ps, int parameter, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(parameter, Types.NULL);
        } else if (v instanceof byte[] b) {
            ps.setBytes(parameter, b);
        } else if (v instanceof Long l) {
            ps.setLong(parameter, l);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(parameter, d);
        } else if (v instanceof Double d) { // a FLOAT or DOUBLE read exactly as a double (OneStepWrite)
            ps.setDouble(parameter, d);
        } else {
            ps.setString(parameter, (String) v);
        }
    }
}
