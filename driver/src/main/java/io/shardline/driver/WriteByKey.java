package io.shardline.driver;

import io.shardline.router.plan.Plan;
import io.shardline.router.sql.MySqlText;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link JoinedWrite}: its SELECT first, through the connection (one server, a merge or a gather; inside a
 * transaction on the transaction's connections), then one write per distinct target row, sent as one batch, so each
 * row goes to its shard with exactly the atomicity a multi-shard batch has (one local transaction per server, XA when
 * {@code transactions=xa}). Nothing is written when a target row would get two different values (MySQL would pick
 * one arbitrarily) or when the rows exceed {@code maxWriteValues} values (held in memory until written).
 */
final class WriteByKey {

    private WriteByKey() {
    }

    /** Answers the write's update count; keeps the batch's plan in {@code planOut[0]}. */
    static long run(ShardlineConnection connection, JoinedWrite w, LogicalStatement.Binder binder, Plan[] planOut)
            throws SQLException {
        int width = w.keyCount + w.valueCount;
        long maxRows = Math.max(1, connection.runtime().maxWriteValues() / width);
        Map<List<Object>, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(w.select)) {
            if (binder != null) {
                binder.bind(ps, w.selectParams);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Object[] row = new Object[width];
                    List<Object> key = new ArrayList<>(w.keyCount);
                    int nullKeys = 0;
                    for (int i = 0; i < width; i++) {
                        row[i] = ServerValues.read(rs, md, i + 1);
                        if (i < w.keyCount) {
                            nullKeys += row[i] == null ? 1 : 0;
                            key.add(row[i] instanceof byte[] b ? HexFormat.of().formatHex(b) : row[i]);
                        }
                    }
                    if (!w.targets.isEmpty()) {
                        // several targets: each one's keys are checked on their own (deleteFromSeveral)
                    } else if (nullKeys == w.keyCount) {
                        continue; // the NULL side of an outer join: no target row here, as MySQL skips it
                    } else if (nullKeys > 0) {
                        throw JoinedWrite.refuse("a row of " + w.target + " has a NULL key column " + key + ", so it"
                                + " cannot be written by key");
                    }
                    Object[] earlier = rows.putIfAbsent(key, row);
                    if (earlier != null && !Arrays.deepEquals(earlier, row)) {
                        throw JoinedWrite.refuse("row " + key + " of " + w.target + " is matched by several rows that"
                                + " set it to different values, and which one MySQL applies is not defined; make the"
                                + " join match each row once");
                    }
                    if (rows.size() > maxRows) {
                        throw JoinedWrite.refuse("it writes more than " + maxRows + " rows of " + width + " values ("
                                + connection.runtime().maxWriteValues() + " values at most, held in memory); write it"
                                + " in parts (a key range per statement) or raise the URL parameter maxWriteValues");
                    }
                }
            }
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan(); // the write's, once there is one
        }
        if (rows.isEmpty()) {
            return 0;
        }
        if (w.moves != null) {
            return RowMoves.run(connection, w, binder, rows.values());
        }
        if (w.setColumns != null) {
            return updateSeveral(connection, w, rows.values(), planOut);
        }
        if (!w.targets.isEmpty()) {
            return deleteFromSeveral(connection, w, rows.values(), planOut);
        }
        try (PreparedStatement ps = connection.prepareStatement(w.write)) {
            for (Object[] row : rows.values()) {
                bindWrite(ps, w, binder, row);
                ps.addBatch();
            }
            return runBatch(ps, planOut);
        }
    }

    /** Binds the write by key of one row: the statement's own placeholders it keeps, the row's values and keys. */
    static void bindWrite(PreparedStatement ps, JoinedWrite w, LogicalStatement.Binder binder, Object[] row)
            throws SQLException {
        if (w.writeSlots != null) {
            for (int p = 0; p < w.writeSlots.length; p++) {
                int slot = w.writeSlots[p];
                if (slot > 0) {
                    binder.bindAt(ps, p + 1, slot);
                } else {
                    ServerValues.bind(ps, p + 1, row[-slot - 1]);
                }
            }
            return;
        }
        if (binder != null) {
            binder.bind(ps, w.writeParams); // the statement's own SET and WHERE placeholders, if it keeps them
        }
        int p = w.writeParams.length + 1;
        for (int i = w.keyCount; i < row.length; i++) { // the SET values come first in the write
            ServerValues.bind(ps, p++, row[i]);
        }
        for (int i = 0; i < w.keyCount; i++) {
            ServerValues.bind(ps, p++, row[i]);
        }
    }

    /**
     * {@code DELETE o, l FROM ..}: every target's distinct keys (read together, before anything is deleted, as MySQL
     * collects them), deleted as one batch of plain statements, one per row, with the keys as literals: a prepared
     * batch holds one SQL text, and the rows of all targets must go in one atomic unit. The count is the rows deleted
     * from all targets, as MySQL reports it.
     */
    private static long deleteFromSeveral(ShardlineConnection connection, JoinedWrite w, Iterable<Object[]> rows,
                                          Plan[] planOut) throws SQLException {
        try (Statement batch = connection.createStatement()) {
            int offset = 0;
            for (JoinedWrite.Target t : w.targets) {
                Set<List<Object>> keys = new LinkedHashSet<>();
                for (Object[] row : rows) {
                    List<Object> key = targetKey(row, offset, t, "deleted");
                    if (key == null) {
                        continue;
                    }
                    if (keys.add(key.stream().map(v -> v instanceof byte[] b ? HexFormat.of().formatHex(b) : v)
                            .toList())) {
                        StringBuilder sql = new StringBuilder(w.ignore ? "DELETE IGNORE FROM " : "DELETE FROM ")
                                .append(t.name()).append(" WHERE ");
                        for (int i = 0; i < key.size(); i++) {
                            sql.append(i == 0 ? "" : " AND ").append(t.keyColumns().get(i)).append(" = ")
                                    .append(literal(key.get(i), t.h2()));
                        }
                        batch.addBatch(sql.toString());
                    }
                }
                offset += t.keyCount();
            }
            return runBatch(batch, planOut);
        }
    }

    /**
     * Target {@code t}'s key in a row of several targets' keys (from {@code offset}); null when every key column is
     * NULL (the NULL side of an outer join: no row of this target here).
     */
    private static List<Object> targetKey(Object[] row, int offset, JoinedWrite.Target t, String verb)
            throws SQLException {
        List<Object> key = Arrays.asList(Arrays.copyOfRange(row, offset, offset + t.keyCount()));
        int nulls = 0;
        for (Object v : key) {
            nulls += v == null ? 1 : 0;
        }
        if (nulls == key.size()) {
            return null;
        }
        if (nulls > 0) {
            throw JoinedWrite.refuse("a row of " + t.name() + " has a NULL key column, so it cannot be " + verb
                    + " by key");
        }
        return key;
    }

    /**
     * {@code UPDATE o JOIN u .. SET o.a = .., u.b = ..} whose values read no column the SET assigns: each target's
     * distinct rows (a row given two different values by several join rows is refused, as for one target) become plain
     * statements {@code UPDATE t SET a = <value> WHERE <key>}, all in one batch (one atomic unit). The count is the
     * rows of all targets, as MySQL reports a multi-table UPDATE.
     */
    private static long updateSeveral(ShardlineConnection connection, JoinedWrite w, Iterable<Object[]> rows,
                                      Plan[] planOut) throws SQLException {
        List<String> statements = new ArrayList<>();
        int offset = 0;
        for (int p = 0; p < w.targets.size(); p++) {
            JoinedWrite.Target t = w.targets.get(p);
            List<Integer> own = w.setsOf.get(p);
            Map<List<Object>, List<Object>> values = new LinkedHashMap<>();
            for (Object[] row : rows) {
                List<Object> key = targetKey(row, offset, t, "written");
                if (key == null) {
                    continue;
                }
                List<Object> mine = new ArrayList<>();
                for (int j : own) {
                    Object v = row[w.keyCount + j];
                    mine.add(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v);
                }
                List<Object> comparable = key.stream().map(v -> v instanceof byte[] b ? HexFormat.of().formatHex(b)
                        : v).toList();
                List<Object> earlier = values.putIfAbsent(comparable, mine);
                if (earlier != null && !earlier.equals(mine)) {
                    throw JoinedWrite.refuse("row " + comparable + " of " + t.name() + " is matched by several rows"
                            + " that set it to different values, and which one MySQL applies is not defined; make"
                            + " the join match each row once");
                }
                if (earlier == null) {
                    StringBuilder sql = new StringBuilder(w.ignore ? "UPDATE IGNORE " : "UPDATE ").append(t.name())
                            .append(" SET ");
                    for (int k = 0; k < own.size(); k++) {
                        sql.append(k == 0 ? "" : ", ").append(w.setColumns.get(own.get(k))).append(" = ")
                                .append(literal(row[w.keyCount + own.get(k)], t.h2()));
                    }
                    sql.append(" WHERE ");
                    for (int k = 0; k < key.size(); k++) {
                        sql.append(k == 0 ? "" : " AND ").append(t.keyColumns().get(k)).append(" = ")
                                .append(literal(key.get(k), t.h2()));
                    }
                    statements.add(sql.toString());
                }
            }
            offset += t.keyCount();
        }
        if (statements.isEmpty()) {
            return 0;
        }
        try (Statement batch = connection.createStatement()) {
            for (String sql : statements) {
                batch.addBatch(sql);
            }
            return runBatch(batch, planOut);
        }
    }

    /** A key value as a literal of the target's servers: numbers as they are, bytes in hex, strings quoted. */
    private static String literal(Object v, boolean h2) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Long || v instanceof BigDecimal) {
            return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
        }
        if (v instanceof byte[] b) {
            return "X'" + HexFormat.of().formatHex(b) + "'";
        }
        return h2 ? MySqlText.standardLiteral(v.toString()) : MySqlText.mysqlLiteral(v.toString());
    }

    /** Runs the batch as one atomic unit; answers the rows it wrote (an item without a count matched its row by key). */
    private static long runBatch(Statement batch, Plan[] planOut) throws SQLException {
        long[] counts;
        try {
            counts = batch.executeLargeBatch();
        } catch (BatchUpdateException e) {
            throw failed(e);
        }
        planOut[0] = batch.unwrap(ShardlineStatement.class).lastPlan();
        long total = 0;
        for (long c : counts) {
            total += c == Statement.SUCCESS_NO_INFO ? 1 : c;
        }
        return total;
    }

    /** The batch's error as the one statement's the caller ran: its rows were written as a batch. */
    static SQLException failed(BatchUpdateException e) {
        return new SQLException(e.getMessage().replace("nothing of the batch was written", "nothing was written"),
                e.getSQLState(), e.getErrorCode(), e);
    }
}
