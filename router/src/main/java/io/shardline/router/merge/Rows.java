package io.shardline.router.merge;

import java.sql.ResultSet;
import java.util.List;

/** Rows held in memory, streamed out in order: the output of memory sorts and DISTINCT. */
final class Rows implements RowStream {
    private final List<Object[]> rows;
    private final int width;
    private final AutoCloseable onClose;
    private int at = -1;

    Rows(List<Object[]> rows, int width, AutoCloseable onClose) {
        this.rows = rows;
        this.width = width;
        this.onClose = onClose;
    }

    @Override
    public boolean next() {
        return ++at < rows.size();
    }

    @Override
    public Object get(int column) {
        return rows.get(at)[column];
    }

    @Override
    public ResultSet current() {
        return null;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void close() throws java.sql.SQLException {
        try {
            onClose.close();
        } catch (java.sql.SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new java.sql.SQLException(e);
        }
    }
}
