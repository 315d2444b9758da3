package io.shardline.router.merge;

import java.sql.SQLException;
import java.util.List;

/** Helpers of the merge operators. */
final class Streams {
    private Streams() {
    }

    /** Closes every stream, reporting the first failure with the others suppressed. */
    static void closeAll(List<? extends RowStream> streams) throws SQLException {
        closeAll(streams, RowStream::close);
    }

    /** How one item of {@link #closeAll(List, Closer)} is closed. */
    interface Closer<T> {
        void close(T item) throws SQLException;
    }

    /** Closes every item, reporting the first failure with the others suppressed. */
    static <T> void closeAll(List<? extends T> items, Closer<T> closer) throws SQLException {
        SQLException failure = null;
        for (T item : items) {
            try {
                closer.close(item);
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A copy of the current row. */
    static Object[] copy(RowStream s) throws SQLException {
        Object[] row = new Object[s.width()];
        for (int i = 0; i < row.length; i++) {
            row[i] = s.get(i);
        }
        return row;
    }
}
