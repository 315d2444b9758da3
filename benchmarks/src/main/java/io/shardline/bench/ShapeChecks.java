package io.shardline.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Before a shape is timed, the target's answers are compared row by row, in order, with the plain database's, and
 * the plain database's row count with {@link Shape#rows} (an empty reference must not pass). A wrong answer or a
 * refusal is a {@link Failed} saying which; the benchmark then reports the shape FAILED for that target, not a time.
 */
final class ShapeChecks {
    /** Order ids whose keys the checks use: users on every database, the first and the last user. */
    static final long[] KEYS = {1, 4_000, 4_002, 12_345, 19_999, ShapesEstate.ORDERS};

    private ShapeChecks() {
    }

    /** A target that answered a shape wrongly, or refused it. */
    static final class Failed extends IllegalStateException {
        final boolean refused;

        Failed(String message, boolean refused, Throwable cause) {
            super(message, cause);
            this.refused = refused;
        }
    }

    static void verify(String name, DataSource target, DataSource plain, Shape shape) throws SQLException {
        for (long key : KEYS) {
            List<String> want = answer(plain, shape, key);
            if (want.size() != shape.rows(key)) {
                throw new IllegalStateException("the plain database answers " + shape.method + " for order " + key
                        + " with " + want.size() + " rows, expected " + shape.rows(key) + ": " + want);
            }
            List<String> got;
            try {
                got = answer(target, shape, key);
            } catch (SQLException | RuntimeException e) {
                throw new Failed(name + " refuses " + shape.method + " (order " + key + "): " + e, true, e);
            }
            if (!want.equals(got)) {
                throw new Failed(name + " answers " + shape.method + " for order " + key + " wrongly:\n  expected "
                        + want + "\n  got      " + got, false, null);
            }
        }
    }

    /** The shape's rows for {@code key} as canonical text, in the order the statement returns them. */
    static List<String> answer(DataSource ds, Shape shape, long key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(shape.sql)) {
            shape.bind(ps, key);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= width; i++) {
                        row.append(i == 1 ? "" : "|").append(canonical(rs.getObject(i)));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }

    /** Numbers by value (drivers differ in types and scales, not in values), bytes as hex, the rest as text. */
    private static String canonical(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        return v.toString();
    }

    /**
     * SQL round trips per statement on MariaDB: the shape runs three times to warm (pools, caches), then ten times
     * counted by {@link RoundTrips} on a counting copy of the target.
     */
    static double roundTrips(DataSource counting, Shape shape) throws SQLException {
        for (int i = 0; i < 3; i++) {
            answer(counting, shape, KEYS[i]);
        }
        int runs = 10;
        long before = RoundTrips.count();
        for (int i = 0; i < runs; i++) {
            answer(counting, shape, KEYS[i % KEYS.length]);
        }
        return (RoundTrips.count() - before) / (double) runs;
    }
}
