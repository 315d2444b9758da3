package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The k-way merge of units that each send their rows in the statement's order: a binary heap holds each unit on its
 * current row, the smallest goes out, its unit advances and sinks back from the top (one sift per row, not a removal
 * and an insertion). Ties keep unit order, so the merge is deterministic. Holds one row per unit.
 */
final class MergeSort implements RowStream {
    private final List<RowStream> inputs;
    private final RowOrder order;
    /** Units on their current row, smallest first; {@code size} of them are live. */
    private final int[] heap;
    private int size;
    private RowStream current;
    private boolean started;

    MergeSort(List<RowStream> inputs, RowOrder order) {
        this.inputs = inputs;
        this.order = order;
        this.heap = new int[inputs.size()];
    }

    @Override
    public boolean next() throws SQLException {
        if (!started) {
            started = true;
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).next()) {
                    heap[size++] = i;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        } else if (current != null) {
            if (!current.next()) {
                heap[0] = heap[--size];
            }
            if (size > 0) {
                siftDown(0);
            }
        }
        current = size == 0 ? null : inputs.get(heap[0]);
        return current != null;
    }

    private void siftDown(int at) throws SQLException {
        int unit = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], unit)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = unit;
    }

    private boolean less(int a, int b) throws SQLException {
        int c = order.compare(inputs.get(a), inputs.get(b));
        return c != 0 ? c < 0 : a < b;
    }

    @Override
    public Object get(int column) throws SQLException {
        return current.get(column);
    }

    @Override
    public ResultSet current() {
        return current == null ? null : current.current();
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
