package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineRuntime;
import io.shardline.driver.ShardlineStatement;
import io.shardline.router.dbproxy.Answer;
import io.shardline.router.route.HintValue;
import io.shardline.router.sql.StatementKind;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One statement on one shard, run through a logical connection and statement (so routing, rewrite, read/write
 * splitting and pools are the JDBC path's) with the call's hint, and read whole into an answer as DBProxy does.
 */
final class ShardCall {
    private ShardCall() {
    }

    /** Runs {@code sql} on the shard of {@code hint} in autocommit mode, within {@code queryTimeout} s (0: the URL's). */
    static <I> Answer<I> run(ShardlineRuntime runtime, String cluster, String sql, HintValue hint, String table,
                             boolean master, StatementKind kind, int queryTimeout) throws SQLException {
        try (Connection c = runtime.connect(cluster); Statement s = c.createStatement()) {
            if (queryTimeout > 0) {
                s.setQueryTimeout(queryTimeout);
            }
            return execute(s, sql, hint, table, master, kind == StatementKind.INSERT || kind == StatementKind.REPLACE);
        }
    }

    /**
     * Runs {@code sql} on {@code s} (of a connection the caller owns, perhaps in a transaction) with the hint set.
     *
     * @param insertId whether to ask for the generated key (INSERT and REPLACE; MySQL reports none for the others)
     */
    static <I> Answer<I> execute(Statement s, String sql, HintValue hint, String table, boolean master,
                                 boolean insertId) throws SQLException {
        ShardlineStatement hints = s.unwrap(ShardlineStatement.class);
        if (hint instanceof HintValue.Int id) {
            hints.setHint(id.id());
        } else {
            hints.setHint(((HintValue.Str) hint).text());
        }
        hints.setHintTable(table);
        hints.setMaster(master);
        if (insertId ? s.execute(sql, Statement.RETURN_GENERATED_KEYS) : s.execute(sql)) {
            try (ResultSet rs = s.getResultSet()) {
                return read(rs);
            }
        }
        long affected = s.getLargeUpdateCount();
        return new Answer.Written<>(affected, insertId ? firstKey(s) : 0);
    }

    /** MySQL's insert id: the first generated key. A server that reports a non-numeric key (H2's primary key) has none. */
    private static long firstKey(Statement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            return keys.next() && keys.getObject(1) instanceof Number n ? n.longValue() : 0;
        }
    }

    /**
     * Fields are the column labels; cells the values' text, SQL NULL as null. Binary columns (BINARY, VARBINARY, BLOB)
     * have no text: their bytes become one char each (ISO-8859-1), so {@code cell.getBytes(ISO_8859_1)} restores them.
     */
    private static <I> Answer.Rows<I> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> fields = new ArrayList<>(n);
        boolean[] binary = new boolean[n];
        for (int i = 0; i < n; i++) {
            fields.add(md.getColumnLabel(i + 1));
            int type = md.getColumnType(i + 1);
            binary[i] = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB;
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                if (binary[i]) {
                    byte[] bytes = rs.getBytes(i + 1);
                    row[i] = bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
                } else {
                    row[i] = rs.getString(i + 1);
                }
            }
            rows.add(Collections.unmodifiableList(Arrays.asList(row)));
        }
        return new Answer.Rows<>(fields, rows, List.of(), List.of());
    }
}
