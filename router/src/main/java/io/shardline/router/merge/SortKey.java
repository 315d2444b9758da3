package io.shardline.router.merge;

/**
 * One key of an order: a column of the physical rows ({@code >= 0}: the caller's column, counted from 0; {@code -1 - k}:
 * the k-th hidden column Shardline appended after them), its direction, and where NULLs go (MySQL: NULL is the
 * smallest value).
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
    public static SortKey of(int column, boolean descending) {
        return new SortKey(column, descending, !descending);
    }

    @Override
    public String toString() {
        String c = Columns.name(column);
        return c + (descending ? " DESC" : " ASC") + (nullsFirst == !descending ? "" : nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
