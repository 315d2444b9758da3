package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The units' rows one unit after another: the merge of unordered results. */
final class Concat implements RowStream {
    private final List<? extends RowStream> inputs;
    private int at;

    Concat(List<? extends RowStream> inputs) {
        this.inputs = inputs;
    }

    @Override
    public boolean next() throws SQLException {
        while (at < inputs.size()) {
            if (inputs.get(at).next()) {
                return true;
            }
            at++;
        }
        return false;
    }

    @Override
    public Object get(int column) throws SQLException {
        return inputs.get(at).get(column);
    }

    @Override
    public long getCount(int column) throws SQLException {
        return inputs.get(at).getCount(column);
    }

    @Override
    public ResultSet current() {
        return at < inputs.size() ? inputs.get(at).current() : null;
    }

    @Override
    public int width() {
        return inputs.get(0).width();
    }

    @Override
    public void close() throws SQLException {
        Streams.closeAll(inputs);
    }
}
