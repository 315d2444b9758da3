package io.shardline.router.sql;

/** {@code a = b} between two columns; values flow both ways, or only into {@code onlyTable} for outer-join ON clauses. */
public record ColumnLink(ColumnRef a, ColumnRef b, int onlyTable) {
}
