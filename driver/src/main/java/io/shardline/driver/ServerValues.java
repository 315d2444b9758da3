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
    enum Kind { BYTES, INTEGER, DECIMAL, TEXT }

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
            case TEXT -> rs.getString(column);
        };
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
        } else {
            ps.setString(parameter, (String) v);
        }
    }
}
