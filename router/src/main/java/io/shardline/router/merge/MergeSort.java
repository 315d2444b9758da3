package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k-way merge of units that each send their rows in the statement's order: a priority queue holds each unit on
 * its current row, the smallest goes out, its unit advances. Ties keep unit order, so the merge is deterministic.
 * Holds one row per unit.
 */
final class MergeSort implements RowStream {
    private final List<RowStream> inputs;
    private final RowOrder order;
    private final PriorityQueue<Head> queue;
    private Head current;
    private boolean started;

    /** A unit on its current row. */
    private record Head(RowStream stream, int unit) {
    }

    MergeSort(List<RowStream> inputs, RowOrder order) {
        this.inputs = inputs;
        this.order = order;
        this.queue = new PriorityQueue<>(Math.max(1, inputs.size()), (a, b) -> {
            try {
                int c = order.compare(a.stream, b.stream);
                return c != 0 ? c : Integer.compare(a.unit, b.unit);
            } catch (SQLException e) {
                throw new Failure(e);
            }
        });
    }

    /** A read failure inside the queue's comparator. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(SQLException cause) {
            super(cause);
        }
    }

    @Override
    public boolean next() throws SQLException {
        try {
            if (!started) {
                started = true;
                for (int i = 0; i < inputs.size(); i++) {
                    if (inputs.get(i).next()) {
                        queue.add(new Head(inputs.get(i), i));
                    }
                }
            } else if (current != null && current.stream.next()) {
                queue.add(current);
            }
            current = queue.poll();
            return current != null;
        } catch (Failure f) {
            throw (SQLException) f.getCause();
        }
    }

    @Override
    public Object get(int column) throws SQLException {
        return current.stream.get(column);
    }

    @Override
    public ResultSet current() {
        return current == null ? null : current.stream.current();
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
