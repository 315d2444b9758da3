package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/** LIMIT offset, count after the merge: skips, then passes rows through until the count is reached. */
final class Limit implements RowStream {
    private final RowStream input;
    private final long offset;
    private final long count;
    private long passed;
    private boolean skipped;

    Limit(RowStream input, long offset, long count) {
        this.input = input;
        this.offset = offset;
        this.count = count;
    }

    @Override
    public boolean next() throws SQLException {
        if (!skipped) {
            skipped = true;
            for (long i = 0; i < offset; i++) {
                if (!input.next()) {
                    return false;
                }
            }
        }
        if (count >= 0 && passed >= count) {
            return false;
        }
        if (!input.next()) {
            return false;
        }
        passed++;
        return true;
    }

    @Override
    public Object get(int column) throws SQLException {
        return input.get(column);
    }

    @Override
    public ResultSet current() {
        return input.current();
    }

    @Override
    public int width() {
        return input.width();
    }

    @Override
    public void close() throws SQLException {
        input.close();
    }
}
