package io.shardline.router.sql;

/**
 * An expression of the statement as text: {@code [start, end)} in the SQL, {@code normalized} its tokens with case,
 * quotes and spacing removed (so {@code COUNT( * )} and {@code count(*)} match), {@code column} the column name when it
 * is a plain (possibly qualified) column, {@code position} the number when it is an integer literal (ORDER BY 2).
 */
public record SqlExpr(int start, int end, String normalized, String column, Integer position) {
}
