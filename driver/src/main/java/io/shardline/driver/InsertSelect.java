package io.shardline.driver;

import io.shardline.router.ShardlineException;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.Plan;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.Token;
import io.shardline.router.sql.TokenKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code INSERT INTO t (cols) SELECT ...} whose target's rows would reach several shards: the SELECT runs first (as
 * any SELECT: one server, a merge or a gather), its rows are held, and they are inserted as one multi-row
 * {@code INSERT ... VALUES}, which routes each row to its shard with the atomicity a multi-row INSERT has today. As
 * MySQL does when the target is also read, the SELECT is read whole before any row is written. At most
 * {@link #MAX_PLACEHOLDERS} values are held (one statement's placeholders), so memory stays bounded.
 */
final class InsertSelect {
    static final int MAX_PLACEHOLDERS = 60_000;

    private InsertSelect() {
    }

    /**
     * Whether {@code bound} is an INSERT ... SELECT the planner refused (its rows are not in its text, or its SELECT
     * reaches other servers than its target): evaluating the SELECT first and inserting its rows is then what the
     * server would do. A refusal the SELECT or the INSERT still deserves comes back from their own planning.
     */
    static boolean applies(BoundStatement bound, ShardlineException refusal) {
        InsertRows insert = bound.parsed().insert();
        return insert != null && insert.fromSelect() && refusal.code() == io.shardline.router.ErrorCode.NOT_ALLOWED;
    }

    /**
     * Runs it on {@code connection}; answers the INSERT's update count, keeps its plan in {@code planOut[0]} and, when
     * {@code keys} asks for them, the multi-row INSERT's generated keys (in row order) in {@code keysOut[0]}.
     */
    static long run(ShardlineConnection connection, BoundStatement bound, LogicalStatement.Binder binder,
                    LogicalStatement.Keys keys, Plan[] planOut, ResultSet[] keysOut) throws SQLException {
        ParsedSql parsed = bound.parsed();
        InsertRows insert = parsed.insert();
        String sql = parsed.sql();
        if (insert.columns() == null) {
            throw ShardlineException.notAllowed("INSERT ... SELECT over several shards names no columns; list the"
                    + " target's columns so its rows can be routed (INSERT INTO t (a, b) SELECT ...)");
        }
        int start = -1;
        for (Token t : parsed.tokens()) {
            String word = t.kind() == TokenKind.WORD ? sql.substring(t.start(), t.end()).toUpperCase(Locale.ROOT) : "";
            if (start < 0 && (word.equals("SELECT") || word.equals("WITH") || word.equals("VALUES")
                    || word.equals("TABLE"))) {
                start = t.start();
            }
            if (word.equals("DUPLICATE")) {
                throw ShardlineException.notAllowed("INSERT ... SELECT ... ON DUPLICATE KEY UPDATE over several shards"
                        + " is not evaluated: its UPDATE may read the SELECT's columns");
            }
        }
        if (start < 0 || sql.lastIndexOf(')', start) < 0) {
            throw ShardlineException.notAllowed("cannot find the SELECT of this INSERT ... SELECT in its text");
        }
        int close = sql.lastIndexOf(')', start); // the end of the column list: the head keeps hints and IGNORE
        String head = sql.substring(0, close + 1);
        String select = sql.substring(close + 1);
        int width = insert.columns().size();
        int maxRows = MAX_PLACEHOLDERS / width;
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(select)) {
            if (binder != null) {
                binder.bind(ps); // the statement's placeholders all sit in its SELECT, in the same order
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                if (md.getColumnCount() != width) {
                    throw ShardlineException.invalid("Column count doesn't match value count: the SELECT gives "
                            + md.getColumnCount() + " columns for " + width);
                }
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        throw ShardlineException.notAllowed("INSERT ... SELECT over several shards inserts at most "
                                + maxRows + " rows of " + width + " columns in one statement (one multi-row INSERT);"
                                + " this SELECT gives more: insert it in parts (a key range per statement)");
                    }
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = ServerValues.read(rs, md, i + 1); // not getObject: TINYINT(1) 2 would be 1
                    }
                    rows.add(row);
                }
            }
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan(); // the INSERT's, once there is one
        }
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder values = new StringBuilder(head).append(" VALUES ");
        String one = "(?" + ", ?".repeat(width - 1) + ")";
        for (int r = 0; r < rows.size(); r++) {
            values.append(r == 0 ? "" : ", ").append(one);
        }
        try (PreparedStatement ps = keys.prepare(connection, values.toString(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            int p = 1;
            for (Object[] row : rows) {
                for (Object v : row) {
                    ServerValues.bind(ps, p++, v);
                }
            }
            long count = ps.executeLargeUpdate();
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan();
            if (keys.any()) {
                keysOut[0] = LogicalStatement.copy(ps.getGeneratedKeys()); // a sequence's ids or AUTO_INCREMENT's
            }
            return count;
        }
    }
}
