package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** One unit's result set as a stream; values read for comparisons are kept until the row changes. */
final class Source implements RowStream {
    private static final Object UNREAD = new Object();

    private final ResultSet rs;
    private final Object[] row;

    Source(ResultSet rs, int width) {
        this.rs = rs;
        this.row = new Object[width];
    }

    @Override
    public boolean next() throws SQLException {
        Arrays.fill(row, UNREAD);
        return rs.next();
    }

    @Override
    public Object get(int column) throws SQLException {
        Object v = row[column];
        if (v == UNREAD) {
            v = rs.getObject(column + 1);
            row[column] = v;
        }
        return v;
    }

    @Override
    public ResultSet current() {
        return rs;
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
