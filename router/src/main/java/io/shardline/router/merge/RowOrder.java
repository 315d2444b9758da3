package io.shardline.router.merge;

import java.sql.SQLException;
import java.util.List;

/** Compares rows by sort keys, as the servers ordered them: collation for strings, NULL smallest unless told. */
final class RowOrder {
    private final int[] columns;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final Collation collation;

    RowOrder(List<SortKey> keys, int width, int hidden, Collation collation) {
        this.columns = new int[keys.size()];
        this.descending = new boolean[keys.size()];
        this.nullsFirst = new boolean[keys.size()];
        for (int i = 0; i < columns.length; i++) {
            SortKey k = keys.get(i);
            columns[i] = Columns.index(k.column(), width, hidden);
            descending[i] = k.descending();
            nullsFirst[i] = k.nullsFirst();
        }
        this.collation = collation;
    }

    /** Whether these are the order's columns, each once, in any order: rows equal in one are equal in the other. */
    boolean hasColumns(int[] others) {
        if (others.length != columns.length) {
            return false;
        }
        for (int c : others) {
            int seen = 0;
            for (int mine : columns) {
                seen += mine == c ? 1 : 0;
            }
            if (seen != 1) {
                return false;
            }
        }
        return true;
    }

    int compare(RowStream a, RowStream b) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            int c = compareValues(a.get(columns[i]), b.get(columns[i]), i);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    int compare(Object[] a, Object[] b) {
        for (int i = 0; i < columns.length; i++) {
            int c = compareValues(a[columns[i]], b[columns[i]], i);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int compareValues(Object x, Object y, int key) {
        if (x == null || y == null) {
            if (x == y) {
                return 0;
            }
            return (x == null) == nullsFirst[key] ? -1 : 1;
        }
        int c = Values.compare(x, y, collation);
        return descending[key] ? -c : c;
    }
}
