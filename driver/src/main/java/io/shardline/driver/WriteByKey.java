package io.shardline.driver;

import io.shardline.router.plan.Plan;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link JoinedWrite}: its SELECT first, through the connection (one server, a merge or a gather; inside a
 * transaction on the transaction's connections), then one write per distinct target row, sent as one batch, so each
 * row goes to its shard with exactly the atomicity a multi-shard batch has (one local transaction per server, XA when
 * {@code transactions=xa}). Nothing is written when a target row would get two different values (MySQL would pick
 * one arbitrarily) or when the rows exceed {@link InsertSelect#MAX_PLACEHOLDERS} values.
 */
final class WriteByKey {
    private WriteByKey() {
    }

    /** Answers the write's update count; keeps the batch's plan in {@code planOut[0]}. */
    static long run(ShardlineConnection connection, JoinedWrite w, LogicalStatement.Binder binder, Plan[] planOut)
            throws SQLException {
        int width = w.keyCount + w.valueCount;
        int maxRows = InsertSelect.MAX_PLACEHOLDERS / width;
        Map<List<Object>, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(w.select)) {
            if (binder != null) {
                binder.bind(ps); // the SELECT holds the statement's placeholders in the same order (JoinedWrite)
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[width];
                    List<Object> key = new ArrayList<>(w.keyCount);
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getObject(i + 1);
                        if (i < w.keyCount) {
                            if (row[i] == null) {
                                throw JoinedWrite.refuse("a row of " + w.target + " has a NULL key column, so it"
                                        + " cannot be written by key");
                            }
                            key.add(row[i] instanceof byte[] b ? HexFormat.of().formatHex(b) : row[i]);
                        }
                    }
                    Object[] earlier = rows.putIfAbsent(key, row);
                    if (earlier != null && !Arrays.deepEquals(earlier, row)) {
                        throw JoinedWrite.refuse("row " + key + " of " + w.target + " is matched by several rows that"
                                + " set it to different values, and which one MySQL applies is not defined; make the"
                                + " join match each row once");
                    }
                    if (rows.size() > maxRows) {
                        throw JoinedWrite.refuse("it writes more than " + maxRows + " rows of " + width + " values ("
                                + InsertSelect.MAX_PLACEHOLDERS + " values at most, held in memory); write it in"
                                + " parts (a key range per statement)");
                    }
                }
            }
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan(); // the write's, once there is one
        }
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(w.write)) {
            for (Object[] row : rows.values()) {
                int p = 1;
                for (int i = w.keyCount; i < row.length; i++) { // the SET values come first in the write
                    ps.setObject(p++, row[i]);
                }
                for (int i = 0; i < w.keyCount; i++) {
                    ps.setObject(p++, row[i]);
                }
                ps.addBatch();
            }
            long[] counts;
            try {
                counts = ps.executeLargeBatch();
            } catch (BatchUpdateException e) {
                throw failed(e);
            }
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan();
            long total = 0;
            for (long c : counts) {
                total += c == Statement.SUCCESS_NO_INFO ? 1 : c; // a row read by its key was matched
            }
            return total;
        }
    }

    /** The batch's error as the one statement's the caller ran: the rows were written by key as a batch. */
    private static SQLException failed(BatchUpdateException e) {
        return new SQLException(e.getMessage().replace("nothing of the batch was written", "nothing was written"),
                e.getSQLState(), e.getErrorCode(), e);
    }
}
