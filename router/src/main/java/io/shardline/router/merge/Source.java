package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One unit's result set as a stream; a value read for comparisons is kept until the row changes (marked with the
 * row's number rather than cleared on every row: clearing was a twelfth of a 16-shard GROUP BY's merge time).
 */
final class Source implements RowStream {
    private final ResultSet rs;
    /** Where the cells are read: {@code rs}, or what its getters pass through to. */
    private final ResultSet cells;
    private final Object[] row;
    /** Per column: the number of the row its value in {@link #row} was read on. */
    private final long[] readOn;
    /** The current row's number, from 1. */
    private long rowNumber;

    Source(ResultSet rs, int width) {
        this.rs = rs;
        this.cells = rs instanceof PassThroughGetters p ? p.gettersFrom() : rs;
        this.row = new Object[width];
        this.readOn = new long[width];
    }

    @Override
    public boolean next() throws SQLException {
        rowNumber++;
        return rs.next();
    }

    @Override
    public Object get(int column) throws SQLException {
        if (readOn[column] != rowNumber) {
            row[column] = cells.getObject(column + 1);
            readOn[column] = rowNumber;
        }
        return row[column];
    }

    /** A cell read earlier on this row is reused; otherwise it is read typed and not kept (no box). */
    @Override
    public long getCount(int column) throws SQLException {
        if (readOn[column] == rowNumber) {
            Object v = row[column];
            return v == null ? 0 : ((Number) v).longValue();
        }
        return cells.getLong(column + 1);
    }

    /** Where the caller reads a passed-through row's cells: past a wrapper that only adds to {@code next()}. */
    @Override
    public ResultSet current() {
        return cells;
    }

    @Override
    public int width() {
        return row.length;
    }

    @Override
    public void close() throws SQLException {
        rs.close();
    }
}
