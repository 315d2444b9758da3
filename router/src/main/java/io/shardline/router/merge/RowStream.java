package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A forward-only stream of rows, the output of a merge operator. Columns are 0-based physical indexes (hidden ones
 * included). When the current row is an input row passed through unchanged, {@link #current()} is that input, so a
 * caller reads it with the physical driver's own typed getters; computed rows return null there. One thread at a
 * time.
 */
public interface RowStream extends AutoCloseable {
    boolean next() throws SQLException;

    Object get(int column) throws SQLException;

    /**
     * A column holding a count (BIGINT, never NULL from a server) as a primitive, NULL as 0: the group merge adds the
     * shards' counts without a {@code Long} per cell.
     */
    default long getCount(int column) throws SQLException {
        Object v = get(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /**
     * The input positioned on the current row when it passes through unchanged (for its getters only: a unit's
     * {@link PassThroughGetters} hands out what its getters delegate to), else null.
     */
    ResultSet current();

    /** Physical columns per row. */
    int width();

    @Override
    void close() throws SQLException;
}
