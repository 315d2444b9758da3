package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The units' rows one unit after another, read straight from their result sets: {@link Concat} for a merge that only
 * passes rows through (no order, groups, filter, DISTINCT or sort above it). Nothing here compares or reads a cell
 * twice, so a unit needs no {@link Source} and its cell cache: three objects less per unit on every such query.
 */
final class ConcatUnits implements RowStream {
    private final List<ResultSet> inputs;
    private final int width;
    private int at;
    /** Where the current unit's cells are read: its result set, or what its getters pass through to. */
    private ResultSet cells;

    ConcatUnits(List<ResultSet> inputs, int width) {
        this.inputs = inputs;
        this.width = width;
        this.cells = cellsOf(inputs.get(0));
    }

    private static ResultSet cellsOf(ResultSet rs) {
        return rs instanceof PassThroughGetters p ? p.gettersFrom() : rs;
    }

    @Override
    public boolean next() throws SQLException {
        while (at < inputs.size()) {
            if (inputs.get(at).next()) {
                return true;
            }
            at++;
            cells = at < inputs.size() ? cellsOf(inputs.get(at)) : null;
        }
        return false;
    }

    @Override
    public Object get(int column) throws SQLException {
        return cells.getObject(column + 1);
    }

    @Override
    public long getCount(int column) throws SQLException {
        return cells.getLong(column + 1);
    }

    @Override
    public ResultSet current() {
        return cells;
    }

    @Override
    public int width() {
        return width;
    }

    /** Closes every unit's result set, reporting the first failure with the others suppressed. */
    @Override
    public void close() throws SQLException {
        Streams.closeAll(inputs, ResultSet::close);
    }
}
